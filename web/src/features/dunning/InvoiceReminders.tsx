import { Alert, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconBellRinging, IconPlayerPause } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate } from '../billing/invoices/invoice-format';
import { EmailStatusBadge } from '../mail/EmailStatusBadge';
import { useInvoiceReminders } from '../mail/mail.api';

/**
 * On an issued invoice (admins, staff, advisors): each reminder level reached — sent or passed
 * over after missed days — its day, how late the invoice was, and what became of its email;
 * then whether a run today would send one, or the customer's reminders are paused.
 */
export function InvoiceReminders({ invoiceId }: { invoiceId: string }) {
  const { t, i18n } = useTranslation();
  const reminders = useInvoiceReminders(invoiceId);
  const data = reminders.data;
  if (!data) return null;
  const date = (value: string) => formatCalendarDate(value, i18n.language);
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="invoice-reminders">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4">
            {t('dunning.reminders.title')}
          </Title>
          {data.level_due_today > 0 && (
            <Badge color="orange" variant="light" leftSection={<IconBellRinging size={12} />}>
              {t('dunning.reminders.dueToday', { level: data.level_due_today })}
            </Badge>
          )}
        </Group>
        {data.dunning_paused && (
          <Alert color="orange" icon={<IconPlayerPause size={18} />} p="xs">
            {t('dunning.reminders.paused')}
          </Alert>
        )}
        {data.reminders.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('dunning.reminders.none')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table verticalSpacing="xs" data-testid="invoice-reminders-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dunning.reminders.level')}</Table.Th>
                  <Table.Th>{t('dunning.reminders.date')}</Table.Th>
                  <Table.Th ta="right">{t('dunning.reminders.daysLate')}</Table.Th>
                  <Table.Th>{t('dunning.reminders.email')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.reminders.map((reminder) => (
                  <Table.Tr key={reminder.level} data-testid={`reminder-level-${reminder.level}`}>
                    <Table.Td>
                      <Text size="sm">{t(`mail.kinds.dunning_${reminder.level as 1 | 2 | 3 | 4}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{date(reminder.reminder_on)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{reminder.days_late}</Text>
                    </Table.Td>
                    <Table.Td>
                      {reminder.outcome === 'skipped' ? (
                        <Text size="xs" c="dimmed">
                          {t('dunning.reminders.skipped')}
                        </Text>
                      ) : reminder.email_status ? (
                        <EmailStatusBadge
                          email={{ status: reminder.email_status, suppressed_reason: null }}
                        />
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
