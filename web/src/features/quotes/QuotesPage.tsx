import { Button, Group, Stack, Title } from '@mantine/core';
import { IconFileDescription, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { everyValueOf } from '../../lib/api-types';
import { formatCents } from '../../lib/money';
import { usePageTitle } from '../../ui/PageTitle';
import { useMe } from '../auth/auth.api';
import { formatCalendarDate } from '../billing/invoices/invoice-format';
import { DocumentList, useListParams } from './DocumentList';
import { QuoteStatusBadge } from './QuoteBadges';
import { type QuoteStatus, useQuotes } from './quotes.api';

export const quoteStatuses = everyValueOf<QuoteStatus>()([
  'draft',
  'sent',
  'viewed',
  'accepted',
  'declined',
  'expired',
] as const);

/** /quotes: every quote, searched by number or customer, filtered by status. */
export function QuotesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('quotes.title'));
  const role = useMe().data?.user?.role;
  const filters = useListParams();
  const list = useQuotes({
    q: filters.q || undefined,
    status: (filters.status as QuoteStatus | null) ?? undefined,
    customer_id: filters.customer_id ?? undefined,
    page: filters.page,
  });
  const rows = (list.data?.data ?? []).map((quote) => ({
    id: quote.id,
    to: `/quotes/${quote.id}`,
    number: quote.number ?? t('quotes.draftNumber'),
    badge: <QuoteStatusBadge status={quote.status} />,
    customer: quote.customer_name,
    detail: t('quotes.list.validUntil', { date: formatCalendarDate(quote.valid_until, i18n.language) }),
    amount: formatCents(quote.total_cents, quote.currency, i18n.language),
  }));
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('quotes.title')}
        </Title>
        {(role === 'admin' || role === 'staff') && (
          <Button
            component={Link}
            to="/quotes/new"
            leftSection={<IconPlus size={16} />}
            data-testid="new-quote"
          >
            {t('quotes.new')}
          </Button>
        )}
      </Group>
      <DocumentList
        testId="quotes-list"
        searchLabel={t('quotes.list.search')}
        statusLabel={t('quotes.list.status')}
        statuses={quoteStatuses.map((status) => ({ value: status, label: t(`quotes.status.${status}`) }))}
        query={list}
        rows={rows}
        empty={t('quotes.list.empty')}
        icon={IconFileDescription}
        filters={filters}
      />
    </Stack>
  );
}
