import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router';

// Loaded when first opened.
const TicketsPage = lazy(() => import('./TicketsPage').then((module) => ({ default: module.TicketsPage })));
const TicketPage = lazy(() => import('./TicketPage').then((module) => ({ default: module.TicketPage })));
const TicketStatsPage = lazy(() =>
  import('./TicketStatsPage').then((module) => ({ default: module.TicketStatsPage })),
);
const ContactPage = lazy(() => import('./ContactPage').then((module) => ({ default: module.ContactPage })));

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

/** The queue, a ticket and the statistics, under the signed-in layout. */
export const supportRoutes: RouteObject[] = [
  {
    path: 'tickets',
    element: (
      <Page>
        <TicketsPage />
      </Page>
    ),
  },
  {
    path: 'tickets/:id',
    element: (
      <Page>
        <TicketPage />
      </Page>
    ),
  },
  {
    path: 'support/stats',
    element: (
      <Page>
        <TicketStatsPage />
      </Page>
    ),
  },
];

/** The public contact form: no sign-in, no app shell. */
export const publicSupportRoutes: RouteObject[] = [
  {
    path: '/contact',
    element: (
      <Page>
        <ContactPage />
      </Page>
    ),
  },
];
