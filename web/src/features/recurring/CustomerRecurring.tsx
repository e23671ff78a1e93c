import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatCents } from '../../lib/money';
import { formatCalendarDate } from '../billing/invoices/invoice-format';
import { ScheduleStatusBadge } from './RecurringBadges';
import { useSchedules } from './recurring.api';

/** On the Finances tab: the customer's recurring invoices (nothing when they have none and it cannot add one). */
export function CustomerRecurring({ customerId, canCreate }: { customerId: string; canCreate: boolean }) {
  const { t, i18n } = useTranslation();
  const list = useSchedules({ customer_id: customerId, per_page: 10 });
  const rows = list.data?.data ?? [];
  if (!list.data || (rows.length === 0 && !canCreate)) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="customer-recurring">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4">
            {t('recurring.title')}
          </Title>
          {canCreate && (
            <Button
              component={Link}
              to={`/recurring-invoices/new?customer_id=${customerId}`}
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
            >
              {t('recurring.new')}
            </Button>
          )}
        </Group>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('recurring.none')}
          </Text>
        ) : (
          rows.map((schedule) => (
            <Group key={schedule.id} justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/recurring-invoices/${schedule.id}`} size="sm" fw={500}>
                  {t(`recurring.every.${schedule.frequency}`)} ·{' '}
                  {formatCents(schedule.total_cents, schedule.currency, i18n.language)}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {schedule.next_run_date
                    ? `${t('recurring.detail.nextRun')} : ${formatCalendarDate(schedule.next_run_date, i18n.language)}`
                    : t('recurring.detail.noNextRun')}
                </Text>
              </Stack>
              <ScheduleStatusBadge status={schedule.status} />
            </Group>
          ))
        )}
      </Stack>
    </Paper>
  );
}
