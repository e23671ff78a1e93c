import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router';

const QuotesPage = lazy(() => import('./QuotesPage').then((module) => ({ default: module.QuotesPage })));
const QuotePage = lazy(() => import('./QuotePage').then((module) => ({ default: module.QuotePage })));
const NewQuotePage = lazy(() => import('./QuotePage').then((module) => ({ default: module.NewQuotePage })));
const OrdersPage = lazy(() => import('./OrdersPage').then((module) => ({ default: module.OrdersPage })));
const OrderPage = lazy(() => import('./OrderPage').then((module) => ({ default: module.OrderPage })));
const PublicQuotePage = lazy(() =>
  import('./PublicQuotePage').then((module) => ({ default: module.PublicQuotePage })),
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

const page = (path: string, element: ReactNode): RouteObject => ({ path, element: <Page>{element}</Page> });

/** Quotes and orders under the signed-in layout (staff and admins write; advisors and clients read). */
export const quoteRoutes: RouteObject[] = [
  page('quotes', <QuotesPage />),
  page('quotes/new', <NewQuotePage />),
  page('quotes/:id', <QuotePage />),
  page('orders', <OrdersPage />),
  page('orders/:id', <OrderPage />),
];

/** The customer's page of a quote: no session. */
export const publicQuoteRoutes: RouteObject[] = [page('/q/:token', <PublicQuotePage />)];
