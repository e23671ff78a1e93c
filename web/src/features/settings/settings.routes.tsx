import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';

// Loaded when first opened.
const CompanySettingsPage = lazy(() =>
  import('./CompanySettingsPage').then((module) => ({ default: module.CompanySettingsPage })),
);

/** The company's settings (admin), under the signed-in layout. */
export const settingsRoutes: RouteObject[] = [
  {
    path: 'settings/company',
    element: (
      <Suspense
        fallback={
          <Center py="xl">
            <Loader />
          </Center>
        }
      >
        <CompanySettingsPage />
      </Suspense>
    ),
  },
];
