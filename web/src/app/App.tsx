import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { meKey } from '../features/auth/auth.api';
import { isApiError, setUnauthenticatedHandler } from '../lib/api';
import { router } from './router';
import { theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      // A 4xx will not get better by asking again.
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
    },
  },
});

// The session ended elsewhere: forget who we were, RequireAuth sends us to sign-in.
setUnauthenticatedHandler(() => {
  queryClient.setQueryData(meKey, null);
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <Notifications position="top-right" limit={4} />
        <RouterProvider router={router} />
      </MantineProvider>
    </QueryClientProvider>
  );
}
