import { Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, type RouteObject } from 'react-router';

// Loaded when first opened.
const ClaimsPage = lazy(() => import('./ClaimsPage').then((module) => ({ default: module.ClaimsPage })));
const ClaimPage = lazy(() => import('./ClaimPage').then((module) => ({ default: module.ClaimPage })));
const AdvisorDashboard = lazy(() =>
  import('./AdvisorDashboard').then((module) => ({ default: module.AdvisorDashboard })),
);
const ConversationPage = lazy(() =>
  import('./ConversationPage').then((module) => ({ default: module.ConversationPage })),
);
const DeclarePage = lazy(() => import('./DeclarePage').then((module) => ({ default: module.DeclarePage })));

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

/** Claims, a claim, the advisor dashboard and a conversation, under the signed-in layout. */
export const claimRoutes: RouteObject[] = [
  {
    path: 'claims',
    element: (
      <Page>
        <ClaimsPage />
      </Page>
    ),
  },
  {
    path: 'claims/dashboard',
    element: (
      <Page>
        <AdvisorDashboard />
      </Page>
    ),
  },
  // Where older notifications of an escalated conversation lead (now the dashboard).
  { path: 'claims/queue', element: <Navigate to="/claims/dashboard" replace /> },
  {
    path: 'claims/:id',
    element: (
      <Page>
        <ClaimPage />
      </Page>
    ),
  },
  {
    path: 'conversations/:id',
    element: (
      <Page>
        <ConversationPage />
      </Page>
    ),
  },
];

/** The public page a policyholder reports a claim on: no sign-in, no app shell. */
export const publicClaimRoutes: RouteObject[] = [
  {
    path: '/declarer',
    element: (
      <Page>
        <DeclarePage />
      </Page>
    ),
  },
];
