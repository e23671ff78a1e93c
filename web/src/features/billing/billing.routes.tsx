import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router';

// Loaded when first opened.
const CatalogPage = lazy(() => import('./CatalogPage').then((module) => ({ default: module.CatalogPage })));
const InvoicesPage = lazy(() =>
  import('./invoices/InvoicesPage').then((module) => ({ default: module.InvoicesPage })),
);
const InvoicePage = lazy(() =>
  import('./invoices/InvoicePage').then((module) => ({ default: module.InvoicePage })),
);
const NewInvoicePage = lazy(() =>
  import('./invoices/InvoicePage').then((module) => ({ default: module.NewInvoicePage })),
);
const ReceivablesPage = lazy(() =>
  import('./reports/ReceivablesPage').then((module) => ({ default: module.ReceivablesPage })),
);
const SalesTaxesPage = lazy(() =>
  import('./reports/SalesTaxesPage').then((module) => ({ default: module.SalesTaxesPage })),
);
const PromoCodesPage = lazy(() =>
  import('./PromoCodesPage').then((module) => ({ default: module.PromoCodesPage })),
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

/**
 * The catalog (staff, admin; advisors may read it), the invoices (staff and admins write them,
 * advisors read them), the receivables (staff, admin), the sales-tax report and the promo codes
 * (admin), under the signed-in layout.
 */
export const billingRoutes: RouteObject[] = [
  {
    path: 'catalog',
    element: (
      <Page>
        <CatalogPage />
      </Page>
    ),
  },
  {
    path: 'invoices',
    element: (
      <Page>
        <InvoicesPage />
      </Page>
    ),
  },
  {
    path: 'invoices/new',
    element: (
      <Page>
        <NewInvoicePage />
      </Page>
    ),
  },
  {
    path: 'invoices/:id',
    element: (
      <Page>
        <InvoicePage />
      </Page>
    ),
  },
  {
    path: 'receivables',
    element: (
      <Page>
        <ReceivablesPage />
      </Page>
    ),
  },
  {
    path: 'reports/sales-taxes',
    element: (
      <Page>
        <SalesTaxesPage />
      </Page>
    ),
  },
  {
    path: 'promo-codes',
    element: (
      <Page>
        <PromoCodesPage />
      </Page>
    ),
  },
];
