import { Group, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../ui/QueryError';
import type { Role } from '../auth/auth.api';
import { CustomerInvoices } from '../billing/invoices/CustomerInvoices';
import { DunningPauseCard } from '../mail/DunningPauseCard';
import { CustomerQuotes } from '../quotes/CustomerQuotes';
import { AdjustmentForm } from './AdjustmentForm';
import { AgingCard, CreditScoreCard } from './AssessmentCards';
import { BalanceHistory } from './BalanceHistory';
import { CreditProfileForm } from './CreditProfileForm';
import { useFinances } from './finances.api';
import { PaymentMethods } from './PaymentMethods';
import { StatementButton } from './StatementButton';
import { useMoney } from './useMoney';

/**
 * The customer's finances: balance and credit, their invoices, the credit profile, saved
 * payment methods and the ledger. Aging and the score appear once invoices exist (the server sends them as null
 * until then: nothing is shown rather than a made-up figure).
 */
export function FinancesTab({
  customerId,
  role,
  readOnly,
}: {
  customerId: string;
  role: Role | undefined;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const finances = useFinances(customerId);
  // Credit terms and payment methods are kept by staff and admins; adjustments by admins.
  const canManage = !readOnly && (role === 'admin' || role === 'staff');
  const canAdjust = role === 'admin';

  if (finances.isPending) {
    return (
      <Stack>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {['a', 'b', 'c', 'd'].map((key) => (
            <Skeleton key={key} h={72} />
          ))}
        </SimpleGrid>
        <Skeleton h={240} />
      </Stack>
    );
  }
  if (finances.isError) {
    return <QueryError error={finances.error} onRetry={() => void finances.refetch()} />;
  }

  const data = finances.data;
  const figures = [
    {
      key: 'balance',
      label: t('finances.figures.balance'),
      value: money(data.balance_cents, data.currency),
      color: data.balance_cents > 0 ? 'red' : data.balance_cents < 0 ? 'teal' : undefined,
      hint: data.balance_cents < 0 ? t('finances.figures.inFavour') : undefined,
    },
    {
      key: 'limit',
      label: t('finances.figures.creditLimit'),
      value:
        data.credit_limit_cents === null
          ? t('finances.figures.noLimit')
          : money(data.credit_limit_cents, data.currency),
    },
    {
      key: 'available',
      label: t('finances.figures.available'),
      value: data.available_credit_cents === null ? '—' : money(data.available_credit_cents, data.currency),
      color: data.available_credit_cents !== null && data.available_credit_cents < 0 ? 'red' : undefined,
    },
    {
      key: 'terms',
      label: t('finances.figures.terms'),
      value: t(`finances.terms.${data.payment_terms}`),
    },
  ];

  return (
    <Stack data-testid="finances-tab">
      <Group justify="flex-end">
        <StatementButton customerId={customerId} />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
        {figures.map((figure) => (
          <Paper key={figure.key} withBorder radius="md" p="sm" data-testid={`finances-${figure.key}`}>
            <Text size="xs" c="dimmed" fw={600}>
              {figure.label}
            </Text>
            <Text fw={700} size="lg" c={figure.color} style={{ overflowWrap: 'anywhere' }}>
              {figure.value}
            </Text>
            {figure.hint && (
              <Text size="xs" c="dimmed">
                {figure.hint}
              </Text>
            )}
          </Paper>
        ))}
      </SimpleGrid>

      {(data.aging || data.credit_score) && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {data.aging && (
            <AgingCard aging={data.aging} overdueCents={data.overdue_cents} currency={data.currency} />
          )}
          {data.credit_score && <CreditScoreCard score={data.credit_score} />}
        </SimpleGrid>
      )}

      <CustomerQuotes customerId={customerId} canCreate={canManage} />
      <CustomerInvoices customerId={customerId} canCreate={canManage} />
      {role !== 'client' && <DunningPauseCard customerId={customerId} canManage={canAdjust && !readOnly} />}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <CreditProfileForm customerId={customerId} finances={data} readOnly={!canManage} />
        <PaymentMethods customerId={customerId} readOnly={!canManage} />
      </SimpleGrid>

      <BalanceHistory customerId={customerId} currency={data.currency} />
      {canAdjust && !readOnly && <AdjustmentForm customerId={customerId} currency={data.currency} />}
    </Stack>
  );
}
