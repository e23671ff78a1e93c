import { Divider, Group, Loader, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { translateIfKnown } from '../../../lib/i18n-dynamic';
import { formatCents } from '../../../lib/money';
import { ratePercent } from '../../../lib/totals';

/** 99 750 ppm → "9,975 %" or "9.975%": exact, from the rate's decimal text. */
function formatRate(ratePpm: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(
    `${ratePercent(ratePpm)}E-2` as unknown as number,
  );
}

/** GST → "TPS" in French; a code the UI does not know is shown as is. */
export function taxName(code: string, t: TFunction): string {
  return translateIfKnown(t, `invoices.taxes.${code}`) ?? code;
}

/** What both a live draft (computeTotals) and a stored invoice say about their totals. */
export interface TotalsFigures {
  subtotal_cents: number;
  invoice_discount_cents: number;
  promo_discount_cents: number;
  shipping_cents: number;
  taxes: readonly { code: string; rate_ppm: number; amount_cents: number }[];
  total_cents: number;
}

function Row({
  label,
  value,
  testId,
  strong,
  color,
}: {
  label: ReactNode;
  value: string;
  testId: string;
  strong?: boolean;
  color?: string;
}) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text
        size={strong ? 'md' : 'sm'}
        fw={strong ? 700 : undefined}
        c={color ?? (strong ? undefined : 'dimmed')}
      >
        {label}
      </Text>
      <Text
        size={strong ? 'lg' : 'sm'}
        fw={strong ? 700 : 500}
        c={color}
        style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
        data-testid={testId}
      >
        {value}
      </Text>
    </Group>
  );
}

/**
 * Subtotal, discounts, promo, shipping, each tax on its own line (TPS, TVQ), total; then, for an
 * issued invoice, what was paid and what is still due. `totals` null: the draft cannot be
 * added up yet (a field in red), said rather than showing a wrong figure.
 */
export function TotalsPanel({
  totals,
  currency,
  promoCode,
  promoPending,
  taxExempt,
  settlement,
}: {
  totals: TotalsFigures | null;
  currency: string;
  promoCode?: string | null;
  promoPending?: boolean;
  taxExempt?: boolean;
  settlement?: { paid_cents: number; credited_cents: number; balance_cents: number; overdue: boolean };
}) {
  const { t, i18n } = useTranslation();
  const money = (cents: number) => formatCents(cents, currency, i18n.language);
  if (!totals) {
    return (
      <Text size="sm" c="dimmed" data-testid="totals-unavailable">
        {t('invoices.totals.unavailable')}
      </Text>
    );
  }
  return (
    <Stack gap={6} data-testid="invoice-totals" aria-live="polite">
      <Row
        label={t('invoices.totals.subtotal')}
        value={money(totals.subtotal_cents)}
        testId="total-subtotal"
      />
      {totals.invoice_discount_cents > 0 && (
        <Row
          label={t('invoices.totals.invoiceDiscount')}
          value={`−${money(totals.invoice_discount_cents)}`}
          testId="total-invoice-discount"
        />
      )}
      {(totals.promo_discount_cents > 0 || promoPending) && (
        <Row
          label={
            <Group gap={6} component="span" wrap="nowrap">
              {t('invoices.totals.promo', { code: promoCode ?? '' })}
              {promoPending && <Loader size={12} />}
            </Group>
          }
          value={`−${money(totals.promo_discount_cents)}`}
          testId="total-promo"
        />
      )}
      {totals.shipping_cents > 0 && (
        <Row
          label={t('invoices.totals.shipping')}
          value={money(totals.shipping_cents)}
          testId="total-shipping"
        />
      )}
      {totals.taxes.map((tax) => (
        <Row
          key={tax.code}
          label={`${taxName(tax.code, t)} (${formatRate(tax.rate_ppm, i18n.language)})`}
          value={money(tax.amount_cents)}
          testId={`total-tax-${tax.code}`}
        />
      ))}
      {taxExempt && (
        <Text size="xs" c="dimmed">
          {t('invoices.totals.taxExempt')}
        </Text>
      )}
      <Divider my={4} />
      <Row label={t('invoices.totals.total')} value={money(totals.total_cents)} testId="total-total" strong />
      {settlement && (
        <>
          <Row label={t('invoices.totals.paid')} value={money(settlement.paid_cents)} testId="total-paid" />
          {settlement.credited_cents > 0 && (
            <Row
              label={t('invoices.totals.credited')}
              value={money(settlement.credited_cents)}
              testId="total-credited"
            />
          )}
          <Row
            label={t('invoices.totals.balanceDue')}
            value={money(settlement.balance_cents)}
            testId="total-balance"
            strong
            color={settlement.overdue ? 'red' : undefined}
          />
        </>
      )}
    </Stack>
  );
}
