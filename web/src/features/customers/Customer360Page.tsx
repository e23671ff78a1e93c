import {
  Alert,
  Anchor,
  Box,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconAddressBook,
  IconAlertTriangle,
  IconArchive,
  IconArrowLeft,
  IconCalendar,
  IconCar,
  IconChecklist,
  IconCoin,
  IconFiles,
  IconLifebuoy,
  IconMail,
  IconMapPin,
  IconPhone,
  IconShieldCheck,
  IconSignature,
  IconTimeline,
  IconUser,
  IconUserOff,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatPhone, useFormat } from '../../lib/format';
import { KindBadge, PrivacyBadge } from '../../ui/badges';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { CustomerClaims } from '../claims/CustomerClaims';
import { useOpenClaimCount } from '../claims/claims.api';
import { useClaimListsLive } from '../claims/claims.live';
import { DocumentsTab } from '../documents/DocumentsTab';
import { FinancesTab } from '../finances/FinancesTab';
import { useFinances } from '../finances/finances.api';
import { useMoney } from '../finances/useMoney';
import { ConsentsTab } from '../privacy/ConsentsTab';
import { CustomerTickets } from '../support/CustomerTickets';
import { useOpenTicketCount } from '../support/support.api';
import { useTicketListsLive } from '../support/support.live';
import { ActivityTab } from '../timeline/ActivityTab';
import { CustomerActions } from './CustomerActions';
import { useCustomer360 } from './customers.api';
import { ProfileTab } from './ProfileTab';
import { AddressesTab } from './parts/AddressesTab';
import { ContactsTab } from './parts/ContactsTab';
import { VehiclesTab } from './parts/VehiclesTab';

const tabs = [
  'profile',
  'contacts',
  'addresses',
  'vehicles',
  'activity',
  'tickets',
  'claims',
  'documents',
  'consents',
  'finances',
] as const;
type Tab = (typeof tabs)[number];

function isTab(value: string | null): value is Tab {
  return value !== null && (tabs as readonly string[]).includes(value);
}

export function Customer360Page() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: Tab = isTab(tabParam) ? tabParam : 'profile';
  const query = useCustomer360(id);
  const role = useMe().data?.user?.role;
  // Balance and overdue in the header, for whoever may read them (the figures stay out otherwise).
  const finances = useFinances(id, { enabled: !!role });
  const openTickets = useOpenTicketCount(id, { enabled: !!role });
  const openClaims = useOpenClaimCount(id, { enabled: !!role });
  // The header's counts follow the customer's tickets and claims live.
  useTicketListsLive();
  useClaimListsLive();
  const money = useMoney();
  const isPhone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  usePageTitle(query.data?.customer.display_name);

  const selectTab = (value: string | null) => {
    if (!isTab(value)) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === 'profile') next.delete('tab');
        else next.set('tab', value);
        return next;
      },
      { replace: true },
    );
  };

  if (query.isPending) return <HeaderSkeleton />;
  if (query.isError) {
    return (
      <Stack>
        <BackLink />
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }

  const { customer, counts, consents } = query.data;
  const canWrite = role === 'admin' || role === 'staff' || role === 'advisor';
  const readOnly = !canWrite || !!customer.archived_at || !!customer.anonymized_at;
  const grantedConsents = consents.filter((consent) => consent.is_valid).length;

  const figures: {
    tab: Tab;
    label: string;
    value: string;
    /** What a phone shows when the value is long (beside a label on half the screen). */
    shortValue?: string;
    icon: ReactNode;
    color?: string;
    testId?: string;
  }[] = [
    {
      tab: 'vehicles',
      label: t('customer.figures.vehicles'),
      value: format.number(counts.vehicles),
      icon: <IconCar size={16} />,
    },
    {
      tab: 'contacts',
      label: t('customer.figures.contacts'),
      value: format.number(counts.contacts),
      icon: <IconAddressBook size={16} />,
    },
    {
      tab: 'addresses',
      label: t('customer.figures.addresses'),
      value: format.number(counts.addresses),
      icon: <IconMapPin size={16} />,
    },
    {
      tab: 'activity',
      label: t('customer.figures.activities'),
      value: format.number(counts.activities),
      icon: <IconTimeline size={16} />,
    },
    ...(openTickets === undefined
      ? []
      : [
          {
            tab: 'tickets' as const,
            label: t('customer.figures.openTickets'),
            value: format.number(openTickets),
            icon: <IconLifebuoy size={16} />,
            color: openTickets ? 'blue' : undefined,
            testId: 'header-open-tickets',
          },
        ]),
    ...(canWrite
      ? [
          {
            tab: 'documents' as const,
            label: t('signatures.header'),
            value: format.number(counts.awaiting_signature),
            icon: <IconSignature size={16} />,
            color: counts.awaiting_signature ? 'blue' : undefined,
            testId: 'header-awaiting-signature',
          },
        ]
      : []),
    ...(openClaims === undefined
      ? []
      : [
          {
            tab: 'claims' as const,
            label: t('customer.figures.openClaims'),
            value: format.number(openClaims),
            icon: <IconShieldCheck size={16} />,
            color: openClaims ? 'orange' : undefined,
            testId: 'header-open-claims',
          },
        ]),
    {
      tab: 'consents',
      label: t('customer.figures.consents'),
      value: t('customer.figures.consentsValue', {
        granted: format.number(grantedConsents),
        total: format.number(consents.length),
      }),
      shortValue: `${format.number(grantedConsents)}/${format.number(consents.length)}`,
      icon: <IconChecklist size={16} />,
    },
  ];
  if (finances.data) {
    const { balance_cents, overdue_cents, currency } = finances.data;
    figures.push(
      {
        tab: 'finances',
        label: t('customer.figures.balance'),
        value: money(balance_cents, currency),
        icon: <IconCoin size={16} />,
        color: balance_cents < 0 ? 'teal' : undefined,
        testId: 'header-balance',
      },
      {
        tab: 'finances',
        label: t('customer.figures.overdue'),
        value: money(overdue_cents ?? 0, currency),
        icon: <IconAlertTriangle size={16} />,
        color: overdue_cents ? 'red' : undefined,
        testId: 'header-overdue',
      },
    );
  }

  return (
    <Stack gap="md">
      <BackLink />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={6} style={{ minWidth: 0 }}>
              <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }} data-testid="customer-name">
                {customer.display_name || t('common.unknown')}
              </Title>
              <Group gap={6}>
                <KindBadge kind={customer.kind} />
                <PrivacyBadge level={customer.privacy_level} />
                {customer.matricule && (
                  <Text size="sm" ff="monospace" c="dimmed">
                    {customer.matricule}
                  </Text>
                )}
              </Group>
              <Group gap="md" c="dimmed" style={{ rowGap: 2 }}>
                {(
                  [
                    [IconMail, customer.email],
                    [IconPhone, customer.phone ? formatPhone(customer.phone) : null],
                    [IconCalendar, t('customer.since', { date: format.date(customer.created_at) })],
                  ] as const
                )
                  .filter(([, text]) => !!text)
                  .map(([Icon, text]) => (
                    <Group key={text} gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
                      <Icon size={14} style={{ flexShrink: 0 }} aria-hidden />
                      <Text size="sm" truncate>
                        {text}
                      </Text>
                    </Group>
                  ))}
              </Group>
            </Stack>
            <CustomerActions customer={customer} role={role} />
          </Group>
          {customer.anonymized_at ? (
            <Alert color="dark" icon={<IconUserOff size={18} />} p="xs">
              {t('customer.anonymizedBanner', { date: format.date(customer.anonymized_at) })}
            </Alert>
          ) : customer.archived_at ? (
            <Alert color="yellow" icon={<IconArchive size={18} />} p="xs" data-testid="archived-banner">
              {t('customer.archivedBanner', { date: format.date(customer.archived_at) })}
            </Alert>
          ) : null}
          {/* Two rows on a wide screen (ten figures in one row cut their labels), rows of four below that, of two on a phone. */}
          <SimpleGrid
            cols={{ base: 2, sm: 4, xl: Math.max(4, Math.ceil(figures.length / 2)) }}
            spacing={6}
            data-testid="key-figures"
          >
            {figures.map((figure) => (
              <UnstyledButton
                key={figure.testId ?? figure.tab}
                data-testid={figure.testId}
                onClick={() => selectTab(figure.tab)}
                aria-label={`${figure.label} : ${figure.value}`}
                style={{
                  border: '1px solid var(--mantine-color-default-border)',
                  borderRadius: 'var(--mantine-radius-md)',
                  padding: isPhone ? '6px' : '6px 8px',
                  minWidth: 0,
                  background: tab === figure.tab ? 'var(--mantine-primary-color-light)' : undefined,
                }}
              >
                {isPhone ? (
                  // Two columns of ten figures: a long label ("Sinistres ouverts") takes two lines rather than an ellipsis.
                  <Group justify="space-between" wrap="nowrap" gap={4} h="100%">
                    <Group gap={3} c="dimmed" wrap="nowrap" style={{ minWidth: 0 }}>
                      <Box style={{ flexShrink: 0, display: 'flex' }}>{figure.icon}</Box>
                      <Text size="xs" fw={600} lh={1.2} lineClamp={2}>
                        {figure.label}
                      </Text>
                    </Group>
                    <Text fw={700} size="sm" c={figure.color} style={{ whiteSpace: 'nowrap' }}>
                      {figure.shortValue ?? figure.value}
                    </Text>
                  </Group>
                ) : (
                  <>
                    <Group gap={4} c="dimmed" wrap="nowrap">
                      {figure.icon}
                      <Text size="xs" fw={600} truncate>
                        {figure.label}
                      </Text>
                    </Group>
                    <Text fw={700} size="lg" c={figure.color} style={{ whiteSpace: 'nowrap' }}>
                      {figure.value}
                    </Text>
                  </>
                )}
              </UnstyledButton>
            ))}
          </SimpleGrid>
        </Stack>
      </Paper>

      <Tabs value={tab} onChange={selectTab} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          <Tabs.Tab value="profile" leftSection={<IconUser size={16} />}>
            {t('customer.tabs.profile')}
          </Tabs.Tab>
          <Tabs.Tab value="contacts" leftSection={<IconAddressBook size={16} />}>
            {t('customer.tabs.contacts')}
          </Tabs.Tab>
          <Tabs.Tab value="addresses" leftSection={<IconMapPin size={16} />}>
            {t('customer.tabs.addresses')}
          </Tabs.Tab>
          <Tabs.Tab value="vehicles" leftSection={<IconCar size={16} />}>
            {t('customer.tabs.vehicles')}
          </Tabs.Tab>
          <Tabs.Tab value="activity" leftSection={<IconTimeline size={16} />}>
            {t('customer.tabs.activity')}
          </Tabs.Tab>
          <Tabs.Tab value="tickets" leftSection={<IconLifebuoy size={16} />}>
            {t('customer.tabs.tickets')}
          </Tabs.Tab>
          <Tabs.Tab value="claims" leftSection={<IconShieldCheck size={16} />}>
            {t('claims.customerTab.title')}
          </Tabs.Tab>
          <Tabs.Tab value="documents" leftSection={<IconFiles size={16} />}>
            {t('customer.tabs.documents')}
          </Tabs.Tab>
          <Tabs.Tab value="consents" leftSection={<IconChecklist size={16} />}>
            {t('customer.tabs.consents')}
          </Tabs.Tab>
          <Tabs.Tab value="finances" leftSection={<IconCoin size={16} />}>
            {t('customer.tabs.finances')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile" pt="md">
          <ProfileTab customer={customer} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="contacts" pt="md">
          <ContactsTab customerId={customer.id} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="addresses" pt="md">
          <AddressesTab customerId={customer.id} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="vehicles" pt="md">
          <VehiclesTab customerId={customer.id} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="activity" pt="md">
          <ActivityTab customerId={customer.id} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="tickets" pt="md">
          <CustomerTickets
            customerId={customer.id}
            canCreate={!customer.archived_at && !customer.anonymized_at}
            isStaff={canWrite}
          />
        </Tabs.Panel>
        <Tabs.Panel value="claims" pt="md">
          <CustomerClaims customerId={customer.id} canWrite={canWrite && !readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          <DocumentsTab customerId={customer.id} canWrite={canWrite && !readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="consents" pt="md">
          <ConsentsTab customerId={customer.id} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="finances" pt="md">
          <FinancesTab customerId={customer.id} role={role} readOnly={readOnly} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/customers" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('customer.backToList')}
      </Group>
    </Anchor>
  );
}

function HeaderSkeleton() {
  return (
    <Stack gap="md" aria-busy>
      <Skeleton h={14} w={120} />
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Skeleton h={30} w="50%" />
          <Skeleton h={18} w={200} />
          <Skeleton h={14} w="70%" />
          <SimpleGrid cols={{ base: 3, md: 5 }} spacing="xs">
            {['a', 'b', 'c', 'd', 'e'].map((key) => (
              <Skeleton key={key} h={58} />
            ))}
          </SimpleGrid>
        </Stack>
      </Paper>
      <Skeleton h={36} />
      <Skeleton h={240} />
    </Stack>
  );
}
