import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconEye, IconInfoCircle, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { EmailPreviewModal } from './EmailPreviewModal';
import { EmailStatusBadge } from './EmailStatusBadge';
import {
  type EmailListParams,
  type EmailStatus,
  type EmailSummary,
  useEmails,
  useRetryEmail,
} from './mail.api';

const statuses = ['all', 'queued', 'sent', 'failed', 'suppressed'] as const;
const kinds = [
  'invoice',
  'dunning_1',
  'dunning_2',
  'dunning_3',
  'dunning_4',
  'ticket_received',
  'ticket_reply',
] as const;
type Kind = (typeof kinds)[number];

/** /outbox: every message to customers, waiting, sent or refused; ?customer_id= and ?invoice_id= narrow it. */
export function OutboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('mail.title'));
  const format = useFormat();
  const isAdmin = useMe().data?.user?.role === 'admin';
  const [search] = useSearchParams();
  const [status, setStatus] = useState<EmailStatus | 'all'>('all');
  const [kind, setKind] = useState<Kind | null>(null);
  const [page, setPage] = useState(1);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const params: EmailListParams = {
    status: status === 'all' ? undefined : status,
    kind: kind ?? undefined,
    customer_id: search.get('customer_id') ?? undefined,
    invoice_id: search.get('invoice_id') ?? undefined,
    page,
    per_page: 50,
  };
  const emails = useEmails(params);
  const retry = useRetryEmail();

  const onRetry = (email: EmailSummary) =>
    retry.mutate(email.id, { onSuccess: () => notifySuccess(t('mail.retried')), onError: notifyError });

  const rows = emails.data?.data ?? [];
  return (
    <Stack gap="md">
      <Title order={2}>{t('mail.title')}</Title>
      <Text c="dimmed" size="sm">
        {t('mail.help')}
      </Text>
      {emails.data?.mail_configured === false && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} data-testid="mail-not-configured">
          {t('mail.notConfigured')}
        </Alert>
      )}
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          value={status}
          onChange={(value) => {
            setStatus(value as EmailStatus | 'all');
            setPage(1);
          }}
          data={statuses.map((value) => ({ value, label: t(`mail.status.${value}`) }))}
          aria-label={t('mail.statusFilter')}
        />
        <Select
          aria-label={t('mail.kindFilter')}
          placeholder={t('mail.allKinds')}
          clearable
          value={kind}
          onChange={(value) => {
            setKind(value as Kind | null);
            setPage(1);
          }}
          data={kinds.map((value) => ({ value, label: t(`mail.kinds.${value}`) }))}
          w={{ base: '100%', sm: 240 }}
        />
      </Group>
      {emails.error && <QueryError error={emails.error} onRetry={() => void emails.refetch()} />}
      {emails.data && rows.length === 0 && (
        <Alert color="gray" icon={<IconInfoCircle size={18} />}>
          {t('mail.none')}
        </Alert>
      )}
      {rows.length > 0 && (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="outbox-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('mail.columns.when')}</Table.Th>
                  <Table.Th>{t('mail.columns.subject')}</Table.Th>
                  <Table.Th>{t('mail.columns.to')}</Table.Th>
                  <Table.Th>{t('mail.columns.status')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((email) => (
                  <Table.Tr key={email.id}>
                    <Table.Td>
                      <Text size="sm">{format.dateTime(email.created_at)}</Text>
                    </Table.Td>
                    <Table.Td maw={360}>
                      <Text size="sm" fw={500} lineClamp={2}>
                        {email.subject}
                      </Text>
                      <Group gap={6}>
                        <Badge size="xs" variant="outline" color="gray">
                          {t(`mail.kinds.${email.kind as Kind}`, { defaultValue: email.kind })}
                        </Badge>
                        {email.invoice_id && (
                          <Anchor component={Link} to={`/invoices/${email.invoice_id}`} size="xs">
                            {t('mail.openInvoice')}
                          </Anchor>
                        )}
                        {email.customer_id && (
                          <Anchor component={Link} to={`/customers/${email.customer_id}`} size="xs">
                            {t('mail.openCustomer')}
                          </Anchor>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {email.to ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={280}>
                      <EmailStatusBadge email={email} />
                      {email.attempts > 0 && email.status !== 'sent' && (
                        <Text size="xs" c="dimmed">
                          {t('mail.attempts', { count: email.attempts })}
                        </Text>
                      )}
                      {email.status === 'queued' && email.attempts > 0 && email.next_attempt_at && (
                        <Text size="xs" c="dimmed">
                          {t('mail.nextAttempt', { when: format.dateTime(email.next_attempt_at) })}
                        </Text>
                      )}
                      {email.last_error && email.status !== 'sent' && (
                        <Text size="xs" c="red" lineClamp={2}>
                          {email.last_error}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          leftSection={<IconEye size={14} />}
                          onClick={() => setPreviewId(email.id)}
                        >
                          {t('mail.preview')}
                        </Button>
                        {isAdmin && email.status === 'failed' && (
                          <Button
                            size="xs"
                            variant="light"
                            leftSection={<IconRefresh size={14} />}
                            loading={retry.isPending && retry.variables === email.id}
                            onClick={() => onRetry(email)}
                          >
                            {t('mail.retry')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {(emails.data?.pagination.pages ?? 1) > 1 && (
        <Pagination value={page} onChange={setPage} total={emails.data?.pagination.pages ?? 1} />
      )}
      <EmailPreviewModal id={previewId} onClose={() => setPreviewId(null)} />
    </Stack>
  );
}
