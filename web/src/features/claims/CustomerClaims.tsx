import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconList, IconPlus, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { applyServerErrors } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { notifySuccess } from '../../ui/notify';
import { QueryError } from '../../ui/QueryError';
import { CciBadge, ClaimStatusBadge } from './ClaimBadges';
import { useClaims, useContracts, useCreateContract } from './claims.api';
import { useClaimListsLive } from './claims.live';
import { type ContractStatus, contractStatuses, formatDay } from './claims.types';

const contractColors: Record<ContractStatus, string> = {
  active: 'teal',
  suspended: 'yellow',
  expired: 'gray',
  cancelled: 'red',
};

/** The Customer 360's Claims tab: their contracts and their latest claims. */
export function CustomerClaims({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const contracts = useContracts(customerId);
  const claims = useClaims({ customer_id: customerId, per_page: 10 });
  useClaimListsLive();
  const [adding, setAdding] = useState(false);
  const rows = claims.data?.data ?? [];

  return (
    <Stack gap="md" data-testid="customer-claims">
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <Title order={2} size="h4">
              {t('claims.customerTab.title')}
            </Title>
            <Button
              component={Link}
              to={`/claims?customer_id=${customerId}&status=all`}
              variant="default"
              size="xs"
              leftSection={<IconList size={14} />}
            >
              {t('claims.customerTab.all')}
            </Button>
          </Group>
          {claims.isPending ? (
            <Skeleton h={80} />
          ) : claims.isError ? (
            <QueryError error={claims.error} onRetry={() => void claims.refetch()} />
          ) : rows.length === 0 ? (
            <Group gap="xs" c="dimmed">
              <IconShieldCheck size={18} />
              <Text size="sm">{t('claims.customerTab.none')}</Text>
            </Group>
          ) : (
            <Stack gap={0}>
              {rows.map((claim) => (
                <UnstyledButton
                  key={claim.id}
                  onClick={() => void navigate(`/claims/${claim.id}`)}
                  className="clickable-row"
                  py={6}
                  px={4}
                  style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                  data-testid="customer-claim-row"
                >
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="sm" fw={600} ff="monospace">
                      {claim.number}
                    </Text>
                    <Group gap={4}>
                      <CciBadge cci={claim.cci} />
                      <ClaimStatusBadge status={claim.status_dossier} />
                    </Group>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t(`claims.types.${claim.type}`)} · {formatDay(claim.incident_on, format.locale)}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          )}
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="md" data-testid="customer-contracts">
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <Title order={2} size="h4">
              {t('claims.contracts.title')}
            </Title>
            {canWrite && (
              <Button
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => setAdding(true)}
                data-testid="add-contract"
              >
                {t('claims.contracts.add')}
              </Button>
            )}
          </Group>
          {contracts.isPending ? (
            <Skeleton h={60} />
          ) : contracts.isError ? (
            <QueryError error={contracts.error} onRetry={() => void contracts.refetch()} />
          ) : contracts.data.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('claims.contracts.none')}
            </Text>
          ) : (
            contracts.data.data.map((contract) => (
              <Group
                key={contract.id}
                justify="space-between"
                wrap="nowrap"
                gap="xs"
                data-testid="contract-row"
              >
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} ff="monospace">
                    {contract.number}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {contract.product} · {formatDay(contract.start_date, format.locale)} →{' '}
                    {contract.end_date ? formatDay(contract.end_date, format.locale) : '…'}
                  </Text>
                </Stack>
                <Badge color={contractColors[contract.status]} variant="light" size="sm">
                  {t(`claims.contracts.statuses.${contract.status}`)}
                </Badge>
              </Group>
            ))
          )}
        </Stack>
      </Paper>
      <NewContractModal customerId={customerId} opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}

const fields = ['number', 'product', 'start_date', 'end_date', 'status'] as const;

function NewContractModal({
  customerId,
  opened,
  onClose,
}: {
  customerId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateContract(customerId);
  const [alert, setAlert] = useState<string>();
  const form = useForm({
    initialValues: {
      number: '',
      product: '',
      start_date: '',
      end_date: '',
      status: 'active' as ContractStatus,
    },
    validate: {
      number: (value) => (value.trim() ? null : t('claims.widget.required')),
      product: (value) => (value.trim() ? null : t('claims.widget.required')),
      start_date: (value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? null : 'AAAA-MM-JJ'),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    try {
      const contract = await create.mutateAsync({
        number: values.number.trim(),
        product: values.product.trim(),
        start_date: values.start_date,
        end_date: values.end_date || null,
        status: values.status,
      });
      notifySuccess(t('claims.contracts.created', { number: contract.number }));
      form.reset();
      onClose();
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('claims.contracts.add')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {alert && (
            <Text c="red" size="sm" role="alert">
              {alert}
            </Text>
          )}
          <TextInput
            label={t('claims.contracts.number')}
            required
            maxLength={50}
            {...form.getInputProps('number')}
          />
          <TextInput
            label={t('claims.contracts.product')}
            required
            maxLength={100}
            {...form.getInputProps('product')}
          />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              type="date"
              label={t('claims.contracts.start')}
              required
              {...form.getInputProps('start_date')}
            />
            <TextInput
              type="date"
              label={t('claims.contracts.end')}
              description={t('claims.contracts.endHelp')}
              {...form.getInputProps('end_date')}
            />
          </SimpleGrid>
          <Select
            label={t('claims.contracts.status')}
            data={contractStatuses.map((value) => ({
              value,
              label: t(`claims.contracts.statuses.${value}`),
            }))}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('claims.contracts.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
