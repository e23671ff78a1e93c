import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { RequireAdmin } from './RequireAdmin';

// Loaded when first opened: admins only, and rarely.
const IncidentsPage = lazy(() =>
  import('./IncidentsPage').then((module) => ({ default: module.IncidentsPage })),
);
const IncidentPage = lazy(() =>
  import('./IncidentPage').then((module) => ({ default: module.IncidentPage })),
);

function AdminPage({ children }: { children: ReactNode }) {
  return (
    <RequireAdmin>
      <Suspense
        fallback={
          <Center py="xl">
            <Loader />
          </Center>
        }
      >
        {children}
      </Suspense>
    </RequireAdmin>
  );
}

/** The register of confidentiality incidents, under the signed-in layout. */
export const incidentRoutes: RouteObject[] = [
  {
    path: 'privacy/incidents',
    element: (
      <AdminPage>
        <IncidentsPage />
      </AdminPage>
    ),
  },
  {
    path: 'privacy/incidents/:id',
    element: (
      <AdminPage>
        <IncidentPage />
      </AdminPage>
    ),
  },
];
