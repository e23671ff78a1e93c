import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconArrowLeft,
  IconEdit,
  IconLock,
  IconPlayerPause,
  IconPlayerPlay,
  IconTrash,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { formatCents } from '../../lib/money';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { InvoiceStatusBadge } from '../billing/invoices/InvoiceBadges';
import { ScheduleStatusBadge } from './RecurringBadges';
import { RecurringEditor } from './RecurringEditor';
import { type ScheduleDetail, useDeleteSchedule, usePauseResume, useSchedule } from './recurring.api';
import { formatCalendarDate, quantityDisplay } from './recurring-format';

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/recurring-invoices" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('recurring.backToList')}
      </Group>
    </Anchor>
  );
}

function useCanWrite() {
  const role = useMe().data?.user?.role;
  return role === 'admin' || role === 'staff';
}

/** /recurring-invoices/new (?customer_id= prefills the customer). */
export function NewRecurringPage() {
  const { t } = useTranslation();
  usePageTitle(t('recurring.editor.newTitle'));
  const [params] = useSearchParams();
  return (
    <Stack gap="md">
      <BackLink />
      {useCanWrite() ? (
        <RecurringEditor initialCustomerId={params.get('customer_id')} />
      ) : (
        <Alert color="gray" icon={<IconLock size={18} />}>
          {t('recurring.writersOnly')}
        </Alert>
      )}
    </Stack>
  );
}

/** /recurring-invoices/:id/edit */
export function EditRecurringPage() {
  const { t } = useTranslation();
  usePageTitle(t('recurring.editor.editTitle'));
  const { id = '' } = useParams();
  const schedule = useSchedule(id);
  return (
    <Stack gap="md">
      <BackLink />
      {schedule.isError ? (
        <QueryError error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : schedule.data ? (
        <RecurringEditor key={schedule.data.updated_at} schedule={schedule.data} />
      ) : (
        <Skeleton h={300} />
      )}
    </Stack>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

/** /recurring-invoices/:id: the schedule, what each invoice bills, the invoices it created, pause and resume. */
export function RecurringPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const schedule = useSchedule(id);
  usePageTitle(schedule.data ? schedule.data.customer_name : t('recurring.title'));
  return (
    <Stack gap="md">
      <BackLink />
      {schedule.isPending ? (
        <Skeleton h={300} />
      ) : schedule.isError ? (
        <QueryError error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : (
        <ScheduleView schedule={schedule.data} />
      )}
    </Stack>
  );
}

function ScheduleView({ schedule }: { schedule: ScheduleDetail }) {
  const { t, i18n } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const navigate = useNavigate();
  const canWrite = useCanWrite();
  const pauseResume = usePauseResume(schedule.id);
  const remove = useDeleteSchedule(schedule.id);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const money = (cents: number) => formatCents(cents, schedule.currency, i18n.language);
  const date = (value: string | null) => formatCalendarDate(value, i18n.language);
  const toggle = (action: 'pause' | 'resume') =>
    pauseResume.mutate(action, {
      onSuccess: () =>
        notifySuccess(t(action === 'pause' ? 'recurring.detail.paused' : 'recurring.detail.resumed')),
      onError: notifyError,
    });
  const destroy = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        notifySuccess(t('recurring.detail.deleted'));
        void navigate('/recurring-invoices');
      },
      onError: (error) => {
        setConfirmDelete(false);
        notifyError(error);
      },
    });

  return (
    <Stack gap="md" data-testid="schedule-view">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1} size="h2">
              {t(`recurring.every.${schedule.frequency}`)}
            </Title>
            <ScheduleStatusBadge status={schedule.status} />
          </Group>
          <Anchor component={Link} to={`/customers/${schedule.customer_id}`}>
            {schedule.customer_name}
          </Anchor>
        </Stack>
        {canWrite && schedule.status !== 'ended' && (
          <Group gap="xs">
            <Button
              component={Link}
              to={`/recurring-invoices/${schedule.id}/edit`}
              variant="default"
              size="xs"
              leftSection={<IconEdit size={14} />}
            >
              {t('recurring.detail.edit')}
            </Button>
            {schedule.status === 'active' ? (
              <Button
                variant="light"
                color="orange"
                size="xs"
                leftSection={<IconPlayerPause size={14} />}
                loading={pauseResume.isPending}
                onClick={() => toggle('pause')}
                data-testid="schedule-pause"
              >
                {t('recurring.detail.pause')}
              </Button>
            ) : (
              <Button
                variant="light"
                color="teal"
                size="xs"
                leftSection={<IconPlayerPlay size={14} />}
                loading={pauseResume.isPending}
                onClick={() => toggle('resume')}
                data-testid="schedule-resume"
              >
                {t('recurring.detail.resume')}
              </Button>
            )}
            {schedule.invoices_generated === 0 && (
              <Button
                variant="subtle"
                color="red"
                size="xs"
                leftSection={<IconTrash size={14} />}
                onClick={() => setConfirmDelete(true)}
              >
                {t('recurring.detail.delete')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      {schedule.status === 'paused' && (
        <Alert color="orange" icon={<IconPlayerPause size={18} />} p="xs">
          {t('recurring.detail.pausedNote')}
        </Alert>
      )}
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <Fact label={t('recurring.detail.nextRun')} testId="schedule-next-run">
            {schedule.next_run_date ? date(schedule.next_run_date) : t('recurring.detail.noNextRun')}
          </Fact>
          <Fact label={t('recurring.detail.start')}>{date(schedule.start_date)}</Fact>
          <Fact label={t('recurring.detail.end')}>
            {schedule.end_date
              ? date(schedule.end_date)
              : schedule.count
                ? t('recurring.detail.endAfter', { count: schedule.count })
                : t('recurring.detail.endNever')}
          </Fact>
          <Fact label={t('recurring.detail.perInvoice')} testId="schedule-amount">
            {money(schedule.total_cents)}
          </Fact>
        </SimpleGrid>
        <Group gap={6} mt="sm">
          <Text size="xs" c="dimmed">
            {t('recurring.detail.auto')} :
          </Text>
          {schedule.auto_finalize ? (
            <Badge variant="light" size="sm">
              {t('recurring.detail.autoFinalize')}
            </Badge>
          ) : (
            <Badge variant="outline" color="gray" size="sm">
              {t('recurring.detail.draftOnly')}
            </Badge>
          )}
          {schedule.auto_send && (
            <Badge variant="light" size="sm" color="teal">
              {t('recurring.detail.autoSend')}
            </Badge>
          )}
        </Group>
      </Paper>

      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('recurring.editor.lines')}
          </Title>
          {isPhone ? (
            <Stack gap={6}>
              {schedule.lines.map((line) => (
                <Group key={line.position} justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm">{line.description}</Text>
                    <Text size="xs" c="dimmed">
                      {quantityDisplay(line.quantity, i18n.language)} × {money(line.unit_price_cents)}
                    </Text>
                  </Stack>
                  <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                    {money(line.line_total_cents)}
                  </Text>
                </Group>
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={420}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('invoices.fields.description')}</Table.Th>
                    <Table.Th ta="right">{t('invoices.fields.quantity')}</Table.Th>
                    <Table.Th ta="right">{t('invoices.fields.unitPrice')}</Table.Th>
                    <Table.Th ta="right">{t('invoices.fields.amount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {schedule.lines.map((line) => (
                    <Table.Tr key={line.position}>
                      <Table.Td>{line.description}</Table.Td>
                      <Table.Td ta="right">{quantityDisplay(line.quantity, i18n.language)}</Table.Td>
                      <Table.Td ta="right">{money(line.unit_price_cents)}</Table.Td>
                      <Table.Td ta="right">{money(line.line_total_cents)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {schedule.notes && (
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
              {schedule.notes}
            </Text>
          )}
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="schedule-invoices">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('recurring.detail.generated')}
          </Title>
          {schedule.invoices.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('recurring.detail.noneGenerated')}
            </Text>
          ) : isPhone ? (
            <Stack gap="xs">
              {schedule.invoices.map((run) => (
                <Stack key={run.period_index} gap={2} data-testid="schedule-invoice">
                  <Text size="xs" c="dimmed">
                    {date(run.period_start)} – {date(run.period_end)}
                  </Text>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    {run.invoice_id ? (
                      <Anchor component={Link} to={`/invoices/${run.invoice_id}`} size="sm">
                        {run.number ?? t('recurring.detail.draft')}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('recurring.detail.deletedInvoice')}
                      </Text>
                    )}
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">{run.total_cents === null ? '—' : money(run.total_cents)}</Text>
                      {run.status && (
                        <InvoiceStatusBadge
                          status={run.status as 'draft' | 'open' | 'partially_paid' | 'paid' | 'void'}
                        />
                      )}
                    </Group>
                  </Group>
                  {run.error && (
                    <Text size="xs" c="orange">
                      {t('recurring.detail.problem', { code: run.error })}
                    </Text>
                  )}
                </Stack>
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('recurring.detail.period')}</Table.Th>
                    <Table.Th>{t('recurring.detail.invoice')}</Table.Th>
                    <Table.Th ta="right">{t('recurring.columns.total')}</Table.Th>
                    <Table.Th>{t('recurring.columns.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {schedule.invoices.map((run) => (
                    <Table.Tr key={run.period_index} data-testid="schedule-invoice">
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {date(run.period_start)} – {date(run.period_end)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {run.invoice_id ? (
                          <Anchor component={Link} to={`/invoices/${run.invoice_id}`} size="sm">
                            {run.number ?? t('recurring.detail.draft')}
                          </Anchor>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {t('recurring.detail.deletedInvoice')}
                          </Text>
                        )}
                        {run.error && (
                          <Text size="xs" c="orange">
                            {t('recurring.detail.problem', { code: run.error })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">
                        {run.total_cents === null ? '—' : money(run.total_cents)}
                      </Table.Td>
                      <Table.Td>
                        {run.status && (
                          <InvoiceStatusBadge
                            status={run.status as 'draft' | 'open' | 'partially_paid' | 'paid' | 'void'}
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Paper>
      <ConfirmModal
        opened={confirmDelete}
        title={t('recurring.detail.deleteTitle')}
        message={t('recurring.detail.deleteMessage')}
        loading={remove.isPending}
        onConfirm={destroy}
        onClose={() => setConfirmDelete(false)}
      />
    </Stack>
  );
}
