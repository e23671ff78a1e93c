import { createBrowserRouter, Navigate } from 'react-router';
import { SecurityPage } from '../features/auth/SecurityPage';
import { SignInPage } from '../features/auth/SignInPage';
import { Customer360Page } from '../features/customers/Customer360Page';
import { CustomerListPage } from '../features/customers/CustomerListPage';
import { AppLayout } from './AppLayout';
import { NotFoundPage, RouteError } from './errors';
import { RequireAuth } from './RequireAuth';

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
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
      { path: 'customers/:id', element: <Customer360Page /> },
      { path: 'security', element: <SecurityPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
