import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router';

// Public pages, loaded when opened (pdf.js and the pad only come with them).
const SignPage = lazy(() => import('./SignPage').then((module) => ({ default: module.SignPage })));
const VerifyPage = lazy(() => import('./VerifyPage').then((module) => ({ default: module.VerifyPage })));

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

/** No sign-in: a signer's link and the verify page. */
export const publicSignatureRoutes: RouteObject[] = [
  {
    path: 'sign/:token',
    element: (
      <Page>
        <SignPage />
      </Page>
    ),
  },
  {
    path: 'verify',
    element: (
      <Page>
        <VerifyPage />
      </Page>
    ),
  },
];
