import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatCents } from '../../../lib/money';
import { creditNotePdfUrl } from '../credit-notes/credit-notes.api';
import { formatCalendarDate } from '../invoices/invoice-format';
import { taxName } from '../invoices/TotalsPanel';
import type { SalesTaxDocument, SalesTaxMonth } from './reports.api';

/** A document's number, linking to what shows it: the invoice's page, a credit note's PDF. */
function DocumentLink({ document }: { document: SalesTaxDocument }) {
  if (document.kind === 'invoice') {
    return (
      <Anchor
        component={Link}
        to={`/invoices/${document.id}`}
        ff="monospace"
        size="sm"
        data-testid="tax-document-link"
      >
        {document.number}
      </Anchor>
    );
  }
  return (
    <Anchor href={creditNotePdfUrl(document.id)} target="_blank" rel="noopener" ff="monospace" size="sm">
      {document.number}
    </Anchor>
  );
}

/**
 * What is behind a month's figures: the invoiced, credited and net amounts, then every invoice
 * and credit note (a credit note's amounts negative, as they reduce the month's).
 */
export function SalesTaxMonthDetail({
  month,
  taxCodes,
  currency,
  isPhone,
}: {
  month: SalesTaxMonth;
  taxCodes: readonly string[];
  currency: string;
  isPhone: boolean;
}) {
  const { t, i18n } = useTranslation();
  const money = (cents: number) => formatCents(cents, currency, i18n.language);
  const taxOf = (taxes: readonly { code: string; amount_cents: number }[], code: string) =>
    taxes.find((tax) => tax.code === code)?.amount_cents ?? 0;
  const kind = (document: SalesTaxDocument) => (
    <Badge size="xs" variant="light" color={document.kind === 'invoice' ? 'blue' : 'grape'}>
      {t(`salesTaxes.kinds.${document.kind}`)}
    </Badge>
  );
  const breakdown = (['invoiced', 'credited', 'net'] as const).map((part) => ({
    part,
    figures: month[part],
  }));

  return (
    <Stack gap="sm" py="xs" data-testid="sales-tax-detail">
      {isPhone ? (
        <Stack gap={6}>
          {breakdown.map(({ part, figures }) => {
            const sign = part === 'credited' ? -1 : 1;
            return (
              <div key={part}>
                <Text size="xs" fw={700}>
                  {t(`salesTaxes.parts.${part}`, { count: figures.document_count })}
                </Text>
                <SimpleGrid cols={2} spacing={2}>
                  <Text size="xs">
                    {t('salesTaxes.figure', {
                      label: t('salesTaxes.columns.sales'),
                      value: money(sign * figures.sales_cents),
                    })}
                  </Text>
                  <Text size="xs">
                    {t('salesTaxes.figure', {
                      label: t('salesTaxes.columns.taxable'),
                      value: money(sign * figures.taxable_cents),
                    })}
                  </Text>
                  {taxCodes.map((code) => (
                    <Text key={code} size="xs">
                      {t('salesTaxes.figure', {
                        label: taxName(code, t),
                        value: money(sign * taxOf(figures.taxes, code)),
                      })}
                    </Text>
                  ))}
                </SimpleGrid>
              </div>
            );
          })}
        </Stack>
      ) : (
        <div className="table-scroll">
          <Table withRowBorders={false} verticalSpacing={2}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th ta="right">{t('salesTaxes.columns.sales')}</Table.Th>
                <Table.Th ta="right">{t('salesTaxes.columns.taxable')}</Table.Th>
                {taxCodes.map((code) => (
                  <Table.Th key={code} ta="right">
                    {taxName(code, t)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {breakdown.map(({ part, figures }) => (
                <Table.Tr key={part} fw={part === 'net' ? 700 : undefined}>
                  <Table.Td>{t(`salesTaxes.parts.${part}`, { count: figures.document_count })}</Table.Td>
                  <Table.Td ta="right">
                    {money(part === 'credited' ? -figures.sales_cents : figures.sales_cents)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {money(part === 'credited' ? -figures.taxable_cents : figures.taxable_cents)}
                  </Table.Td>
                  {taxCodes.map((code) => (
                    <Table.Td key={code} ta="right">
                      {money(part === 'credited' ? -taxOf(figures.taxes, code) : taxOf(figures.taxes, code))}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {month.documents.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('salesTaxes.noDocuments')}
        </Text>
      ) : isPhone ? (
        <Stack gap={6}>
          {month.documents.map((document) => (
            <Card
              key={`${document.kind}-${document.id}`}
              withBorder
              padding="xs"
              radius="sm"
              data-testid="tax-document"
            >
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Group gap={6} wrap="nowrap">
                  <DocumentLink document={document} />
                  {kind(document)}
                </Group>
                <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {money(document.total_cents)}
                </Text>
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {formatCalendarDate(document.issued_on, i18n.language)} · {document.customer_name}
              </Text>
              <SimpleGrid cols={2} spacing={2} mt={4}>
                <Text size="xs">
                  {t('salesTaxes.figure', {
                    label: t('salesTaxes.columns.taxable'),
                    value: money(document.taxable_cents),
                  })}
                </Text>
                {taxCodes.map((code) => (
                  <Text key={code} size="xs">
                    {t('salesTaxes.figure', {
                      label: taxName(code, t),
                      value: money(taxOf(document.taxes, code)),
                    })}
                  </Text>
                ))}
              </SimpleGrid>
            </Card>
          ))}
        </Stack>
      ) : (
        <div className="table-scroll">
          <Table verticalSpacing={4} fz="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('salesTaxes.columns.document')}</Table.Th>
                <Table.Th>{t('salesTaxes.columns.date')}</Table.Th>
                <Table.Th>{t('salesTaxes.columns.customer')}</Table.Th>
                <Table.Th ta="right">{t('salesTaxes.columns.sales')}</Table.Th>
                <Table.Th ta="right">{t('salesTaxes.columns.taxable')}</Table.Th>
                {taxCodes.map((code) => (
                  <Table.Th key={code} ta="right">
                    {taxName(code, t)}
                  </Table.Th>
                ))}
                <Table.Th ta="right">{t('salesTaxes.columns.total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {month.documents.map((document) => (
                <Table.Tr key={`${document.kind}-${document.id}`} data-testid="tax-document">
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <DocumentLink document={document} />
                      {kind(document)}
                    </Group>
                    {document.invoice_number && document.kind === 'credit_note' && (
                      <Anchor
                        component={Link}
                        to={`/invoices?q=${document.invoice_number}`}
                        size="xs"
                        c="dimmed"
                      >
                        {t('salesTaxes.credits', { number: document.invoice_number })}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatCalendarDate(document.issued_on, i18n.language)}
                  </Table.Td>
                  <Table.Td maw={220}>
                    <Anchor component={Link} to={`/customers/${document.customer_id}?tab=finances`} size="sm">
                      <Text span truncate inherit>
                        {document.customer_name}
                      </Text>
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{money(document.sales_cents)}</Table.Td>
                  <Table.Td ta="right">{money(document.taxable_cents)}</Table.Td>
                  {taxCodes.map((code) => (
                    <Table.Td key={code} ta="right">
                      {money(taxOf(document.taxes, code))}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right" fw={600}>
                    {money(document.total_cents)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}
