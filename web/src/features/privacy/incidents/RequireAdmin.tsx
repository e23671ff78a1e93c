import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/auth.api';

/** The register is for admins; the API refuses others too (403), this only says so plainly. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const role = useMe().data?.user?.role;
  if (role !== 'admin') {
    return (
      <Alert color="gray" icon={<IconLock size={18} />} data-testid="admin-only">
        {t('incidents.adminOnly')}
      </Alert>
    );
  }
  return children;
}
