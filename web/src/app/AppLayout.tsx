import {
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBellRinging,
  IconBolt,
  IconBuildingStore,
  IconChartBar,
  IconChevronDown,
  IconFileDescription,
  IconFileInvoice,
  IconHeadset,
  IconHistory,
  IconLifebuoy,
  IconLogout,
  IconMail,
  IconPackage,
  IconPackages,
  IconReceiptTax,
  IconRepeat,
  IconReportMoney,
  IconShieldCheck,
  IconShieldLock,
  IconTicket,
  IconUsers,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { signOut, useMe } from '../features/auth/auth.api';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { PrivacyNav } from '../features/privacy/incidents/PrivacyNav';
import { UnnotifiedIncidentsBanner } from '../features/privacy/incidents/UnnotifiedIncidentsBanner';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { Logo } from '../ui/Logo';
import { notifyError, notifySuccess } from '../ui/notify';

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = useMe().data?.user;

  // On a phone the navigation closes once a destination is chosen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => close(), [location.pathname, close]);

  const handleSignOut = async () => {
    try {
      await signOut();
      queryClient.clear();
      queryClient.setQueryData(['me'], null);
      notifySuccess(t('auth.signedOut'));
      await navigate('/sign-in', { replace: true });
    } catch (error) {
      notifyError(error);
    }
  };

  const isAdmin = user?.role === 'admin';
  const isStaff = isAdmin || user?.role === 'staff' || user?.role === 'advisor';
  const links = [
    { to: '/customers', label: t('app.nav.customers'), icon: IconUsers },
    // Everyone has tickets: staff the queue (and its statistics, below it), a client their own.
    { to: '/tickets', label: t('app.nav.tickets'), icon: IconLifebuoy },
    ...(isStaff
      ? [{ to: '/support/stats', label: t('app.nav.supportStats'), icon: IconChartBar, nested: true }]
      : []),
    // Everyone has claims: staff all of them (and advisors their dashboard), a client their own.
    { to: '/claims', label: t('claims.nav'), icon: IconShieldCheck },
    ...(isStaff
      ? [{ to: '/claims/dashboard', label: t('claims.navDashboard'), icon: IconHeadset, nested: true }]
      : []),
    // Advisors read invoices; staff and admins write them.
    ...(isAdmin || user?.role === 'staff' || user?.role === 'advisor'
      ? [
          { to: '/quotes', label: t('quotes.nav'), icon: IconFileDescription },
          { to: '/orders', label: t('orders.nav'), icon: IconPackages },
          { to: '/invoices', label: t('app.nav.invoices'), icon: IconFileInvoice },
          { to: '/recurring-invoices', label: t('recurring.nav'), icon: IconRepeat, nested: true },
        ]
      : []),
    // Staff and admins follow what customers owe; only admins read the taxes collected.
    ...(isAdmin || user?.role === 'staff'
      ? [{ to: '/receivables', label: t('app.nav.receivables'), icon: IconReportMoney }]
      : []),
    ...(isAdmin
      ? [{ to: '/reports/sales-taxes', label: t('app.nav.salesTaxes'), icon: IconReceiptTax }]
      : []),
    // Staff and admins keep the catalog (advisors may read it by its address; clients never).
    ...(isAdmin || user?.role === 'staff'
      ? [{ to: '/catalog', label: t('app.nav.catalog'), icon: IconPackage }]
      : []),
    // What was emailed to customers: staff and admins follow it (advisors may read it by its address).
    ...(isAdmin || user?.role === 'staff' ? [{ to: '/outbox', label: t('mail.nav'), icon: IconMail }] : []),
    // Only admins keep the promo codes, and read the audit log and the outbox.
    ...(isAdmin ? [{ to: '/promo-codes', label: t('app.nav.promoCodes'), icon: IconTicket }] : []),
    ...(isAdmin ? [{ to: '/dunning', label: t('dunning.nav'), icon: IconBellRinging }] : []),
    { to: '/security', label: t('app.nav.security'), icon: IconShieldLock },
    ...(isAdmin
      ? [
          { to: '/audit', label: t('app.nav.audit'), icon: IconHistory },
          { to: '/admin/events', label: t('app.nav.events'), icon: IconBolt },
          { to: '/settings/company', label: t('app.nav.company'), icon: IconBuildingStore },
        ]
      : []),
  ];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('app.toggleNavigation')}
            />
            <UnstyledButton component={Link} to="/customers" aria-label={t('app.nav.customers')}>
              <Logo />
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            {user && <NotificationBell />}
            {user && (
              <Menu position="bottom-end" width={220} withinPortal>
                <Menu.Target>
                  <UnstyledButton
                    aria-label={t('app.signedInAs', { name: user.name })}
                    data-testid="user-menu"
                  >
                    <Group gap={6} wrap="nowrap">
                      <Avatar size={30} radius="xl" color="indigo">
                        {initials(user.name)}
                      </Avatar>
                      <Text size="sm" fw={500} visibleFrom="sm" maw={160} truncate>
                        {user.name}
                      </Text>
                      <IconChevronDown size={14} />
                    </Group>
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>
                    {user.email} · {t(`app.roles.${user.role}`)}
                  </Menu.Label>
                  <Menu.Item component={Link} to="/security" leftSection={<IconShieldLock size={16} />}>
                    {t('app.nav.security')}
                  </Menu.Item>
                  <Menu.Item
                    color="red"
                    leftSection={<IconLogout size={16} />}
                    onClick={() => void handleSignOut()}
                    data-testid="sign-out"
                  >
                    {t('app.signOut')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Navigation">
        {/* More destinations than a short screen holds: the list scrolls, the page does not. */}
        <AppShell.Section grow component={ScrollArea} type="auto" scrollbarSize={6}>
          {links.map((link) => (
            <NavLink
              key={link.to}
              component={Link}
              to={link.to}
              label={link.label}
              leftSection={<link.icon size={'nested' in link ? 16 : 18} stroke={1.6} />}
              active={location.pathname.startsWith(link.to)}
              // A page that belongs to the one above it (the support statistics under the tickets).
              pl={'nested' in link ? 28 : undefined}
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
              data-testid={`nav-${link.to.slice(1).replaceAll('/', '-')}`}
            />
          ))}
          <PrivacyNav />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        {/* The register's own pages show it themselves. */}
        {!location.pathname.startsWith('/privacy/incidents') && <UnnotifiedIncidentsBanner mb="md" />}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
