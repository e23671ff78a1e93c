import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle, IconLock, IconPlayerPlay } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { formatCalendarDate } from '../billing/invoices/invoice-format';
import { EmailStatusBadge } from '../mail/EmailStatusBadge';
import { type DunningRun, useDunningOverview, useRunDunning } from './dunning.api';

const levelTone = { 1: 'soft', 2: 'firm', 3: 'urgent', 4: 'final' } as const;

function Count({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

/** /dunning (admins): the reminder levels, "run now" as of a day, and what the last run did. */
export function DunningPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('dunning.title'));
  const isAdmin = useMe().data?.user?.role === 'admin';
  const overview = useDunningOverview();
  const run = useRunDunning();
  const format = useFormat();
  const [asOf, setAsOf] = useState('');
  const [result, setResult] = useState<DunningRun | null>(null);
  const fieldErrors = isApiError(run.error) ? run.error.fieldErrors : {};
  const date = (value: string) => formatCalendarDate(value, i18n.language);

  if (!isAdmin) {
    return (
      <Alert color="gray" icon={<IconLock size={18} />}>
        {t('dunning.adminsOnly')}
      </Alert>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate(asOf || null, {
      onSuccess: (data) => {
        setResult(data);
        notifySuccess(t('dunning.run.done', { count: data.queued + data.suppressed }));
      },
      onError: (error) => {
        if (!isApiError(error) || (error.errors.length === 0 && error.code !== 'dunning.as_of_in_future'))
          notifyError(error);
      },
    });
  };
  const asOfError =
    fieldErrors.as_of ??
    (isApiError(run.error) && run.error.code === 'dunning.as_of_in_future'
      ? t('dunning.run.future')
      : undefined);
  const last = overview.data?.last_run ?? null;

  return (
    <Stack gap="md">
      <Title order={2}>{t('dunning.title')}</Title>
      <Text c="dimmed" size="sm">
        {t('dunning.help')}
      </Text>
      {overview.error && <QueryError error={overview.error} onRetry={() => void overview.refetch()} />}

      <Card withBorder radius="md" padding="md">
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('dunning.schedule.title')}
          </Title>
          <Table verticalSpacing="xs" data-testid="dunning-levels">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dunning.schedule.level')}</Table.Th>
                <Table.Th>{t('dunning.schedule.when')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(overview.data?.levels ?? []).map((level) => (
                <Table.Tr key={level.level}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {t(`mail.kinds.dunning_${level.level as 1 | 2 | 3 | 4}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`dunning.schedule.tone.${levelTone[level.level as 1 | 2 | 3 | 4]}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t('dunning.schedule.days', { count: level.days_late })}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            {t('dunning.schedule.rules')}
          </Text>
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('dunning.run.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('dunning.run.help')}
            </Text>
            <Group align="flex-end" gap="xs" wrap="wrap">
              <TextInput
                type="date"
                label={t('dunning.run.asOf')}
                description={t('dunning.run.asOfHelp')}
                value={asOf}
                onChange={(event) => setAsOf(event.currentTarget.value)}
                error={asOfError}
                w={{ base: '100%', xs: 220 }}
                data-testid="dunning-as-of"
              />
              <Button
                type="submit"
                loading={run.isPending}
                leftSection={<IconPlayerPlay size={16} />}
                data-testid="dunning-run"
              >
                {t('dunning.run.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>

      <Card withBorder radius="md" padding="md" data-testid="dunning-last-run">
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('dunning.last.title')}
          </Title>
          {!last ? (
            <Alert color="gray" icon={<IconInfoCircle size={18} />}>
              {t('dunning.last.none')}
            </Alert>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t(last.by_job ? 'dunning.last.byJob' : 'dunning.last.byAdmin', {
                  asOf: date(last.as_of),
                  when: format.dateTime(last.finished_at),
                })}
              </Text>
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
                <Count label={t('dunning.last.queued')} value={last.queued} testId="dunning-queued" />
                <Count
                  label={t('dunning.last.suppressed')}
                  value={last.suppressed}
                  testId="dunning-suppressed"
                />
                <Count label={t('dunning.last.skipped')} value={last.skipped} testId="dunning-skipped" />
                <Count label={t('dunning.last.held')} value={last.held} testId="dunning-held" />
              </SimpleGrid>
            </>
          )}
          {result && result.reminders.length > 0 && (
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="xs" data-testid="dunning-run-reminders">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('dunning.last.invoice')}</Table.Th>
                    <Table.Th>{t('dunning.schedule.level')}</Table.Th>
                    <Table.Th ta="right">{t('dunning.reminders.daysLate')}</Table.Th>
                    <Table.Th>{t('dunning.reminders.email')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.reminders.map((reminder) => (
                    <Table.Tr key={`${reminder.invoice_id}-${reminder.level}`}>
                      <Table.Td>
                        <Anchor component={Link} to={`/invoices/${reminder.invoice_id}`} size="sm">
                          {reminder.number}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`mail.kinds.dunning_${reminder.level as 1 | 2 | 3 | 4}`)}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm">{reminder.days_late}</Text>
                      </Table.Td>
                      <Table.Td>
                        <EmailStatusBadge
                          email={{ status: reminder.email_status, suppressed_reason: null }}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Anchor component={Link} to="/outbox" size="sm">
            {t('dunning.last.outbox')}
          </Anchor>
        </Stack>
      </Card>
    </Stack>
  );
}
