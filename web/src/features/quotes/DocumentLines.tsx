import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCents } from '../../lib/money';
import { quantityText } from '../billing/invoices/invoice-form';

interface Line {
  description: string;
  quantity: string;
  unit_price_cents: number;
  discount_cents: number;
  line_total_cents: number;
  taxable: boolean;
}

/** A document's lines, read-only; on a phone the unit price and discount columns give way. */
export function DocumentLines({
  lines,
  currency,
  extra,
}: {
  lines: readonly Line[];
  currency: string;
  extra?: { label: string; value: (index: number) => string };
}) {
  const { t, i18n } = useTranslation();
  const money = (cents: number) => formatCents(cents, currency, i18n.language);
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table verticalSpacing="xs" data-testid="document-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('quotes.lines.description')}</Table.Th>
            <Table.Th ta="right">{t('quotes.lines.quantity')}</Table.Th>
            {extra && <Table.Th ta="right">{extra.label}</Table.Th>}
            <Table.Th ta="right" visibleFrom="sm">
              {t('quotes.lines.unitPrice')}
            </Table.Th>
            <Table.Th ta="right">{t('quotes.lines.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: read-only lines, never reordered (the public ones carry no id)
            <Table.Tr key={`${index}-${line.description}`}>
              <Table.Td>
                <Text size="sm">{line.description}</Text>
                {!line.taxable && (
                  <Text size="xs" c="dimmed">
                    {t('quotes.lines.notTaxable')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{quantityText(line.quantity, i18n.language)}</Table.Td>
              {extra && <Table.Td ta="right">{extra.value(index)}</Table.Td>}
              <Table.Td ta="right" visibleFrom="sm">
                {money(line.unit_price_cents)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {money(line.line_total_cents)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
