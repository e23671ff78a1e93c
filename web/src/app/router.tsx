import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { SignInPage } from '../features/auth/SignInPage';
import { billingRoutes } from '../features/billing/billing.routes';
import { claimRoutes, publicClaimRoutes } from '../features/claims/claims.routes';
import { CustomerListPage } from '../features/customers/CustomerListPage';
import { dunningRoutes } from '../features/dunning/dunning.routes';
import { mailRoutes } from '../features/mail/mail.routes';
import { incidentRoutes } from '../features/privacy/incidents/incidents.routes';
import { publicQuoteRoutes, quoteRoutes } from '../features/quotes/quotes.routes';
import { recurringRoutes } from '../features/recurring/recurring.routes';
import { settingsRoutes } from '../features/settings/settings.routes';
import { publicSignatureRoutes } from '../features/signatures/signatures.routes';
import { publicSupportRoutes, supportRoutes } from '../features/support/support.routes';
import { AppLayout } from './AppLayout';
import { NotFoundPage, RouteError } from './errors';
import { RequireAuth } from './RequireAuth';

// The list is where a day starts; the other pages load when first opened.
const Customer360Page = lazy(() =>
  import('../features/customers/Customer360Page').then((module) => ({ default: module.Customer360Page })),
);
const EventsPage = lazy(() =>
  import('../features/events/EventsPage').then((module) => ({ default: module.EventsPage })),
);
const AuditPage = lazy(() =>
  import('../features/audit/AuditPage').then((module) => ({ default: module.AuditPage })),
);
const SecurityPage = lazy(() =>
  import('../features/auth/SecurityPage').then((module) => ({ default: module.SecurityPage })),
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

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
  ...publicSupportRoutes.map((route) => ({ ...route, errorElement: <RouteError /> })),
  ...publicClaimRoutes.map((route) => ({ ...route, errorElement: <RouteError /> })),
  ...publicQuoteRoutes.map((route) => ({ ...route, errorElement: <RouteError /> })),
  ...publicSignatureRoutes.map((route) => ({ ...route, errorElement: <RouteError /> })),
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/customers" replace /> },
      { path: 'customers', element: <CustomerListPage /> },
      {
        path: 'customers/:id',
        element: (
          <Page>
            <Customer360Page />
          </Page>
        ),
      },
      {
        path: 'security',
        element: (
          <Page>
            <SecurityPage />
          </Page>
        ),
      },
      {
        path: 'admin/events',
        element: (
          <Page>
            <EventsPage />
          </Page>
        ),
      },
      {
        path: 'audit',
        element: (
          <Page>
            <AuditPage />
          </Page>
        ),
      },
      ...incidentRoutes,
      ...billingRoutes,
      ...quoteRoutes,
      ...mailRoutes,
      ...dunningRoutes,
      ...recurringRoutes,
      ...settingsRoutes,
      ...supportRoutes,
      ...claimRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
