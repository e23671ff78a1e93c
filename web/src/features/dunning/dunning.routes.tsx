import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';

const DunningPage = lazy(() => import('./DunningPage').then((module) => ({ default: module.DunningPage })));

/** Relances (admins): the levels, run now, the last run. */
export const dunningRoutes: RouteObject[] = [
  {
    path: 'dunning',
    element: (
      <Suspense
        fallback={
          <Center py="xl">
            <Loader />
          </Center>
        }
      >
        <DunningPage />
      </Suspense>
    ),
  },
];
