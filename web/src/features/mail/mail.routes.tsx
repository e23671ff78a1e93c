import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';

const OutboxPage = lazy(() => import('./OutboxPage').then((module) => ({ default: module.OutboxPage })));

/** The outbox (admins, staff and advisors read it; admins resend a failed message). */
export const mailRoutes: RouteObject[] = [
  {
    path: 'outbox',
    element: (
      <Suspense
        fallback={
          <Center py="xl">
            <Loader />
          </Center>
        }
      >
        <OutboxPage />
      </Suspense>
    ),
  },
];
