import { Checkbox, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { InvoiceValues } from './invoice-form';
import { currencySymbol } from './invoice-format';
import type { PromoCheck } from './usePromoCheck';

/**
 * Below the lines: the document's discount, shipping, the promo code (its check said beside it)
 * and notes. Shared by the invoice and quote editors; `labels` names what differs (a quote's).
 */
export function InvoiceAdjustments({
  form,
  errorOf,
  promo,
  currency,
  labels,
}: {
  form: UseFormReturnType<InvoiceValues>;
  errorOf: (path: string) => string | undefined;
  promo: PromoCheck;
  currency: string;
  labels?: { documentDiscount: string; notesHelp: string };
}) {
  const { t, i18n } = useTranslation();
  const symbol = (
    <Text size="xs" c="dimmed">
      {currencySymbol(currency, i18n.language)}
    </Text>
  );
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('invoices.editor.adjustments')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            {...form.getInputProps('invoice_discount_cents')}
            error={errorOf('invoice_discount_cents')}
            label={labels?.documentDiscount ?? t('invoices.fields.invoiceDiscount')}
            inputMode="decimal"
            placeholder="0"
            rightSection={symbol}
            data-testid="invoice-discount"
          />
          <Stack gap={4}>
            <TextInput
              {...form.getInputProps('shipping_cents')}
              error={errorOf('shipping_cents')}
              label={t('invoices.fields.shipping')}
              inputMode="decimal"
              placeholder="0"
              rightSection={symbol}
              data-testid="invoice-shipping"
            />
            <Checkbox
              size="xs"
              {...form.getInputProps('shipping_taxable', { type: 'checkbox' })}
              label={t('invoices.fields.shippingTaxable')}
            />
          </Stack>
        </SimpleGrid>
        <TextInput
          {...form.getInputProps('promo_code')}
          error={
            errorOf('promo_code') ?? (promo.message && !promo.message.valid ? promo.message.text : undefined)
          }
          description={promo.message?.valid ? undefined : t('invoices.promo.help')}
          label={t('invoices.fields.promoCode')}
          maw={320}
          styles={{
            input: { textTransform: 'uppercase', fontFamily: 'var(--mantine-font-family-monospace)' },
          }}
          rightSection={
            promo.message?.valid ? (
              <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" />
            ) : undefined
          }
          data-testid="promo-code"
        />
        {promo.message?.valid && (
          <Text size="sm" c="teal" mt={-6} data-testid="promo-message">
            {promo.message.text}
          </Text>
        )}
        <Textarea
          {...form.getInputProps('notes')}
          error={errorOf('notes')}
          label={t('invoices.fields.notes')}
          description={labels?.notesHelp ?? t('invoices.editor.notesHelp')}
          autosize
          minRows={2}
          maxRows={8}
        />
      </Stack>
    </Paper>
  );
}
