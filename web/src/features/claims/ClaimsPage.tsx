import {
  Button,
  Card,
  Collapse,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconGauge, IconShieldCheck } from '@tabler/icons-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { oneOf, pageParam, useDebouncedInput, useSearchParamsUpdate } from '../../lib/url-state';
import { ListPagination } from '../../ui/ListPagination';
import { EmptyList, ListSkeleton } from '../../ui/ListStates';
import { FiltersToggle, ListSearchInput } from '../../ui/ListToolbar';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { CciBadge, ClaimStatusBadge } from './ClaimBadges';
import { useClaims } from './claims.api';
import { useClaimListsLive } from './claims.live';
import {
  type Claim,
  type ClaimListParams,
  type ClaimStatus,
  claimStatuses,
  formatDay,
  openClaimStatuses,
} from './claims.types';

const perPage = 25;
type UrlKey = 'q' | 'status' | 'escalated' | 'cci_min' | 'cci_max' | 'customer_id' | 'assigned_to' | 'sort';

const cciParam = (value: string | null) => {
  const number = value === null ? Number.NaN : Number(value);
  return Number.isInteger(number) && number >= 0 && number <= 100 ? number : undefined;
};

/** The claims list: status, escalation and CCI range in the URL. `status` absent: the ones being handled. */
export function ClaimsPage() {
  const { t } = useTranslation();
  usePageTitle(t('claims.title'));
  const format = useFormat();
  const navigate = useNavigate();
  const role = useMe().data?.user?.role;
  const isStaff = role === 'admin' || role === 'staff' || role === 'advisor';
  const [params] = useSearchParams();
  const update = useSearchParamsUpdate<UrlKey>();
  const status = params.get('status');
  const state = {
    q: params.get('q') ?? undefined,
    status: status === 'all' ? 'all' : oneOf<ClaimStatus>(claimStatuses, status),
    escalated: oneOf(['true', 'false'] as const, params.get('escalated')),
    cci_min: cciParam(params.get('cci_min')),
    cci_max: cciParam(params.get('cci_max')),
    customer_id: params.get('customer_id') ?? undefined,
    assigned_to: params.get('assigned_to') ?? undefined,
    page: pageParam(params),
  };
  const query: ClaimListParams = {
    q: state.q,
    status: state.status === 'all' ? undefined : (state.status ?? openClaimStatuses.join(',')),
    escalated: state.escalated,
    cci_min: state.cci_min,
    cci_max:
      state.cci_max !== undefined && state.cci_min !== undefined && state.cci_max < state.cci_min
        ? undefined
        : state.cci_max,
    customer_id: state.customer_id,
    assigned_to: state.assigned_to,
    sort: params.get('sort') === 'cci' ? 'cci' : 'newest',
    page: state.page,
    per_page: perPage,
  };
  const list = useClaims(query);
  useClaimListsLive();
  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [filtersOpen, { toggle }] = useDisclosure();
  const searchRef = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useDebouncedInput(state.q, (q) => update({ q }), 250);
  const active = [state.status, state.escalated, state.cci_min, state.cci_max].filter(
    (v) => v !== undefined,
  ).length;
  const open = (claim: Claim) => void navigate(`/claims/${claim.id}`);
  const cciError =
    state.cci_min !== undefined && state.cci_max !== undefined && state.cci_max < state.cci_min
      ? t('claims.cciRange')
      : undefined;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('claims.title')}
          </Title>
          {pagination && (
            <Text c="dimmed" size="sm" data-testid="claim-total">
              {t('claims.total', { count: pagination.total })}
            </Text>
          )}
        </div>
        {isStaff && (
          <Button
            component={Link}
            to="/claims/dashboard"
            variant="default"
            leftSection={<IconGauge size={16} />}
          >
            {t('claims.navDashboard')}
          </Button>
        )}
      </Group>
      <Paper withBorder p="sm" radius="md">
        <Stack gap="sm">
          <ListSearchInput
            label={t('claims.searchLabel')}
            placeholder={t('claims.searchPlaceholder')}
            value={search}
            onChange={setSearch}
            fetching={list.isFetching && !list.isPending}
            isPhone={isPhone}
            testId="claim-search"
            inputRef={searchRef}
            onFirstRow={() => document.querySelector<HTMLElement>('[data-testid="claim-row"]')?.focus()}
          />
          {isPhone && (
            <FiltersToggle
              label={t('claims.filters')}
              active={active}
              opened={filtersOpen}
              onToggle={toggle}
            />
          )}
          <Collapse expanded={!isPhone || filtersOpen}>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs">
              <Select
                aria-label={t('claims.fields.status')}
                data={[
                  { value: 'open', label: t('claims.openOnly') },
                  { value: 'all', label: t('claims.anyStatus') },
                  ...claimStatuses.map((value) => ({ value, label: t(`claims.statuses.${value}`) })),
                ]}
                value={state.status ?? 'open'}
                allowDeselect={false}
                onChange={(value) => update({ status: value === 'open' ? undefined : (value ?? undefined) })}
                data-testid="claim-status-filter"
              />
              <Select
                aria-label={t('claims.claim.escalated')}
                data={[
                  { value: 'any', label: t('claims.anyEscalation') },
                  { value: 'true', label: t('claims.escalatedOnly') },
                  { value: 'false', label: t('claims.notEscalated') },
                ]}
                value={state.escalated ?? 'any'}
                allowDeselect={false}
                onChange={(value) =>
                  update({ escalated: value === 'any' ? undefined : (value ?? undefined) })
                }
                data-testid="claim-escalated-filter"
              />
              <NumberInput
                aria-label={t('claims.cciMin')}
                placeholder={t('claims.cciMin')}
                min={0}
                max={100}
                allowDecimal={false}
                value={state.cci_min ?? ''}
                onChange={(value) => update({ cci_min: value === '' ? undefined : String(value) })}
                data-testid="claim-cci-min"
              />
              <NumberInput
                aria-label={t('claims.cciMax')}
                placeholder={t('claims.cciMax')}
                min={0}
                max={100}
                allowDecimal={false}
                value={state.cci_max ?? ''}
                error={cciError}
                onChange={(value) => update({ cci_max: value === '' ? undefined : String(value) })}
                data-testid="claim-cci-max"
              />
            </SimpleGrid>
          </Collapse>
        </Stack>
      </Paper>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <ListSkeleton rows={6} height={isPhone ? 96 : 44} />
      ) : rows.length === 0 && !list.isError ? (
        <EmptyList
          icon={IconShieldCheck}
          testId="claim-empty"
          message={active || state.q ? t('claims.emptyFiltered') : t('claims.empty')}
        >
          {(active > 0 || !!state.q) && (
            <Button variant="subtle" component={Link} to="/claims?status=all">
              {t('claims.clearFilters')}
            </Button>
          )}
        </EmptyList>
      ) : isPhone ? (
        <Stack gap="xs">
          {rows.map((claim) => (
            <Card
              key={claim.id}
              withBorder
              padding="sm"
              radius="md"
              className="clickable-row"
              onClick={() => open(claim)}
              data-testid="claim-row"
            >
              <Text size="sm" fw={600} ff="monospace">
                {claim.number}
              </Text>
              <Group gap={4} mt={4}>
                <CciBadge cci={claim.cci} />
                <ClaimStatusBadge status={claim.status_dossier} />
              </Group>
              <Text size="sm" mt={4} lineClamp={2}>
                {claim.customer_name} · {t(`claims.types.${claim.type}`)}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDay(claim.incident_on, format.locale)} ·{' '}
                {claim.assignee_name ?? t('claims.unassigned')}
              </Text>
            </Card>
          ))}
        </Stack>
      ) : (
        <Paper withBorder radius="md" className="table-scroll">
          <Table highlightOnHover verticalSpacing="xs" miw={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('claims.fields.number')}</Table.Th>
                <Table.Th>{t('claims.fields.customer')}</Table.Th>
                <Table.Th>{t('claims.fields.type')}</Table.Th>
                <Table.Th>{t('claims.fields.status')}</Table.Th>
                <Table.Th>{t('claims.fields.cci')}</Table.Th>
                <Table.Th>{t('claims.fields.incidentOn')}</Table.Th>
                <Table.Th>{t('claims.fields.assignee')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((claim) => (
                <Table.Tr
                  key={claim.id}
                  className="clickable-row"
                  tabIndex={0}
                  role="link"
                  onClick={() => open(claim)}
                  onKeyDown={(event) => event.key === 'Enter' && open(claim)}
                  data-testid="claim-row"
                >
                  <Table.Td>
                    <Text size="sm" fw={600} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {claim.number}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={240}>
                    <Text size="sm" truncate>
                      {claim.customer_name}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`claims.types.${claim.type}`)}</Table.Td>
                  <Table.Td>
                    <ClaimStatusBadge status={claim.status_dossier} />
                  </Table.Td>
                  <Table.Td>
                    <CciBadge cci={claim.cci} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDay(claim.incident_on, format.locale)}
                  </Table.Td>
                  <Table.Td maw={160}>
                    <Text size="sm" truncate c={claim.assignee_name ? undefined : 'dimmed'}>
                      {claim.assignee_name ?? t('claims.unassigned')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {pagination && (
        <ListPagination
          pagination={pagination}
          label={t('claims.pageOf', { page: pagination.page, pages: pagination.pages })}
          onChange={(page) => update({ page: String(page) })}
        />
      )}
    </Stack>
  );
}
