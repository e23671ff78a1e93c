import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router';

const RecurringListPage = lazy(() =>
  import('./RecurringListPage').then((module) => ({ default: module.RecurringListPage })),
);
const RecurringPage = lazy(() =>
  import('./RecurringPage').then((module) => ({ default: module.RecurringPage })),
);
const NewRecurringPage = lazy(() =>
  import('./RecurringPage').then((module) => ({ default: module.NewRecurringPage })),
);
const EditRecurringPage = lazy(() =>
  import('./RecurringPage').then((module) => ({ default: module.EditRecurringPage })),
);

function Page({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader />
        </Center>
      }
    >
      {children}
    </Suspense>
  );
}

/** Recurring invoices: staff and admins write them, advisors read them. */
export const recurringRoutes: RouteObject[] = [
  {
    path: 'recurring-invoices',
    element: (
      <Page>
        <RecurringListPage />
      </Page>
    ),
  },
  {
    path: 'recurring-invoices/new',
    element: (
      <Page>
        <NewRecurringPage />
      </Page>
    ),
  },
  {
    path: 'recurring-invoices/:id',
    element: (
      <Page>
        <RecurringPage />
      </Page>
    ),
  },
  {
    path: 'recurring-invoices/:id/edit',
    element: (
      <Page>
        <EditRecurringPage />
      </Page>
    ),
  },
];
