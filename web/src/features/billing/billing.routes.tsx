import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router';

// Loaded when first opened.
const CatalogPage = lazy(() => import('./CatalogPage').then((module) => ({ default: module.CatalogPage })));
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

/** The catalog (staff, admin; advisors may read it) and the promo codes (admin), under the signed-in layout. */
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
    path: 'promo-codes',
    element: (
      <Page>
        <PromoCodesPage />
      </Page>
    ),
  },
];
