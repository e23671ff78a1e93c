import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { centsToInput } from '../../../lib/money';
import type { Product } from '../billing.types';
import { InvoiceLinesEditor } from './InvoiceLinesEditor';
import { emptyLine, type InvoiceValues } from './invoice-form';
import { ProductPicker } from './ProductPicker';

interface Props {
  form: UseFormReturnType<InvoiceValues>;
  errorOf: (path: string) => string | undefined;
  lineTotals: readonly (number | null)[];
  currency: string;
  isPhone: boolean;
  customerId: string | null;
  /** The customer's price level (catalog prices), null for the list price. */
  priceLevel: string | null;
  /** While the customer's finances load, products wait. */
  loading: boolean;
}

/**
 * The lines of a draft invoice, quote or recurring invoice: a product from the catalog at the
 * customer's price level, or a free line (its description takes the focus), then the lines.
 */
export function LinesPanel({
  form,
  errorOf,
  lineTotals,
  currency,
  isPhone,
  customerId,
  priceLevel,
  loading,
}: Props) {
  const { t, i18n } = useTranslation();
  const [focusLine, setFocusLine] = useState<string | null>(null);

  useEffect(() => {
    if (!focusLine) return;
    document.querySelector<HTMLInputElement>(`[data-line-description="${focusLine}"]`)?.focus();
    setFocusLine(null);
  }, [focusLine]);

  const addProduct = (product: Product, unitPriceCents: number) =>
    form.insertListItem(
      'lines',
      emptyLine({
        product_id: product.id,
        sku: product.sku,
        unit: product.unit,
        description: product.name,
        unit_price_cents: centsToInput(unitPriceCents, i18n.language),
        taxable: product.taxable,
      }),
    );
  const addFreeLine = () => {
    const line = emptyLine();
    form.insertListItem('lines', line);
    setFocusLine(line.key);
  };

  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('invoices.editor.lines')}
          </Title>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={addFreeLine}
            data-testid="add-free-line"
          >
            {t('invoices.editor.freeLine')}
          </Button>
        </Group>
        <ProductPicker priceLevel={priceLevel} onAdd={addProduct} disabled={!customerId || loading} />
        {!customerId && (
          <Text size="xs" c="dimmed">
            {t('invoices.editor.customerFirst')}
          </Text>
        )}
        <InvoiceLinesEditor
          form={form}
          errorOf={errorOf}
          lineTotals={lineTotals}
          currency={currency}
          isPhone={isPhone}
        />
      </Stack>
    </Paper>
  );
}
