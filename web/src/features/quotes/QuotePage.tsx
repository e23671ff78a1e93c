import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import {
  IconArrowLeft,
  IconCheck,
  IconCopy,
  IconFileTypePdf,
  IconLock,
  IconPackage,
  IconSend,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { formatCents } from '../../lib/money';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { formatCalendarDate } from '../billing/invoices/invoice-format';
import { useCustomer } from '../billing/invoices/invoices.api';
import { TotalsPanel } from '../billing/invoices/TotalsPanel';
import { QuoteSignatures } from '../signatures/QuoteSignatures';
import { DocumentLines } from './DocumentLines';
import { QuoteStatusBadge } from './QuoteBadges';
import { QuoteDecisionModal } from './QuoteDecisionModal';
import { QuoteEditor } from './QuoteEditor';
import {
  type Quote,
  useAcceptQuote,
  useDeclineQuote,
  useDuplicateQuote,
  useQuote,
  useSendQuote,
} from './quotes.api';

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/quotes" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('quotes.backToList')}
      </Group>
    </Anchor>
  );
}

function useCanWrite() {
  const role = useMe().data?.user?.role;
  return role === 'admin' || role === 'staff';
}

/** /quotes/new (?customer_id= prefills the customer). */
export function NewQuotePage() {
  const { t } = useTranslation();
  usePageTitle(t('quotes.editor.newTitle'));
  const [params] = useSearchParams();
  return (
    <Stack gap="md">
      <BackLink />
      {useCanWrite() ? (
        <QuoteEditor initialCustomerId={params.get('customer_id')} />
      ) : (
        <Alert color="gray" icon={<IconLock size={18} />}>
          {t('quotes.writersOnly')}
        </Alert>
      )}
    </Stack>
  );
}

/** /quotes/:id: a draft opens in the editor for those who write quotes; anything else is read. */
export function QuotePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const quote = useQuote(id);
  const canWrite = useCanWrite();
  usePageTitle(quote.data ? (quote.data.number ?? t('quotes.draftNumber')) : t('quotes.title'));
  return (
    <Stack gap="md">
      <BackLink />
      {quote.isPending ? (
        <Skeleton h={300} />
      ) : quote.isError ? (
        <QueryError error={quote.error} onRetry={() => void quote.refetch()} />
      ) : quote.data.status === 'draft' && canWrite ? (
        <QuoteEditor key={quote.data.id} quote={quote.data} />
      ) : (
        <QuoteView quote={quote.data} canWrite={canWrite} />
      )}
    </Stack>
  );
}

function QuoteView({ quote, canWrite }: { quote: Quote; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const money = (cents: number) => formatCents(cents, quote.currency, i18n.language);
  const send = useSendQuote();
  const duplicate = useDuplicateQuote();
  const accept = useAcceptQuote();
  const decline = useDeclineQuote();
  const [deciding, setDeciding] = useState<'accept' | 'decline' | null>(null);
  const open = quote.status === 'sent' || quote.status === 'viewed';
  const customer = useCustomer(canWrite && quote.status !== 'draft' ? quote.customer_id : null);
  const date = (value: string | null) => formatCalendarDate(value, i18n.language);

  return (
    <Stack gap="md" data-testid="quote-view">
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start">
            <Group gap="sm">
              <Title order={1} size="h2" ff="monospace" data-testid="quote-number">
                {quote.number ?? t('quotes.draftNumber')}
              </Title>
              <QuoteStatusBadge status={quote.status} />
            </Group>
            <Text fw={700} size="xl">
              {money(quote.total_cents)}
            </Text>
          </Group>
          <Anchor component={Link} to={`/customers/${quote.customer_id}`} size="sm">
            {quote.customer_name}
          </Anchor>
          <Text size="sm" c="dimmed">
            {t('quotes.view.facts', {
              validUntil: date(quote.valid_until),
              percent: quote.deposit_percent,
              deposit: money(quote.deposit_cents),
            })}
          </Text>
          {quote.accepted_at && (
            <Text size="sm" c="green">
              {t('quotes.view.accepted', {
                name: quote.accepted_by_name ?? '—',
                date: new Date(quote.accepted_at).toLocaleString(i18n.language),
              })}
            </Text>
          )}
          {quote.declined_at && (
            <Text size="sm" c="red">
              {t('quotes.view.declined', { reason: quote.decline_reason ?? '—' })}
            </Text>
          )}
          <Group gap="xs" mt="xs">
            <Button
              component="a"
              href={`/api/v1/quotes/${quote.id}/pdf`}
              target="_blank"
              rel="noopener"
              variant="default"
              size="xs"
              leftSection={<IconFileTypePdf size={16} />}
              data-testid="quote-pdf"
            >
              {t('quotes.actions.pdf')}
            </Button>
            {quote.order_id && (
              <Button
                component={Link}
                to={`/orders/${quote.order_id}`}
                size="xs"
                variant="light"
                leftSection={<IconPackage size={16} />}
                data-testid="quote-order"
              >
                {t('quotes.actions.order')}
              </Button>
            )}
            {canWrite && open && (
              <>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconSend size={16} />}
                  loading={send.isPending}
                  onClick={() =>
                    send
                      .mutateAsync({ id: quote.id })
                      .then((result) =>
                        notifySuccess(t('quotes.sent.queued', { number: result.quote.number })),
                      )
                      .catch(notifyError)
                  }
                  data-testid="resend-quote"
                >
                  {t('quotes.actions.resend')}
                </Button>
                <Button
                  size="xs"
                  color="green"
                  leftSection={<IconCheck size={16} />}
                  onClick={() => setDeciding('accept')}
                  data-testid="accept-quote"
                >
                  {t('quotes.actions.accept')}
                </Button>
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  leftSection={<IconX size={16} />}
                  onClick={() => setDeciding('decline')}
                  data-testid="decline-quote"
                >
                  {t('quotes.actions.decline')}
                </Button>
              </>
            )}
            {canWrite && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconCopy size={16} />}
                loading={duplicate.isPending}
                onClick={() =>
                  duplicate
                    .mutateAsync({ id: quote.id })
                    .then((copy) => navigate(`/quotes/${copy.id}`))
                    .catch(notifyError)
                }
                data-testid="duplicate-quote"
              >
                {t('quotes.actions.duplicate')}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
      {canWrite && quote.status !== 'draft' && (
        <QuoteSignatures
          quote={quote}
          customer={
            customer.data ? { name: customer.data.display_name, email: customer.data.email ?? null } : null
          }
        />
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
          <DocumentLines lines={quote.lines} currency={quote.currency} />
        </Paper>
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
          <TotalsPanel
            totals={quote}
            currency={quote.currency}
            promoCode={quote.promo_code}
            taxExempt={quote.tax_exempt}
          />
          {quote.notes && (
            <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {quote.notes}
            </Text>
          )}
        </Paper>
      </SimpleGrid>
      <QuoteDecisionModal
        kind={deciding ?? 'accept'}
        opened={deciding !== null}
        loading={accept.isPending || decline.isPending}
        onClose={() => setDeciding(null)}
        onConfirm={async (text) => {
          if (deciding === 'accept') {
            const result = await accept.mutateAsync({ id: quote.id, body: { name: text } });
            notifySuccess(t('quotes.decision.accepted', { number: result.order_number }));
          } else {
            await decline.mutateAsync({ id: quote.id, body: { reason: text } });
          }
          setDeciding(null);
        }}
      />
    </Stack>
  );
}
