import { NavLink } from '@mantine/core';
import { IconAlertOctagon, IconLockAccess } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useMe } from '../../auth/auth.api';

/** The admin "Confidentialité" menu; other roles do not see it (and the API refuses them). */
export function PrivacyNav() {
  const { t } = useTranslation();
  const location = useLocation();
  const isAdmin = useMe().data?.user?.role === 'admin';
  if (!isAdmin) return null;
  const inside = location.pathname.startsWith('/privacy');
  return (
    <NavLink
      label={t('app.nav.privacy')}
      leftSection={<IconLockAccess size={18} stroke={1.6} />}
      defaultOpened
      active={inside}
      variant="subtle"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
      data-testid="nav-privacy"
    >
      <NavLink
        component={Link}
        to="/privacy/incidents"
        label={t('app.nav.incidents')}
        leftSection={<IconAlertOctagon size={16} stroke={1.6} />}
        active={location.pathname.startsWith('/privacy/incidents')}
        style={{ borderRadius: 'var(--mantine-radius-md)' }}
        data-testid="nav-incidents"
      />
    </NavLink>
  );
}
