import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatCents } from '../../../lib/money';
import { currencySymbol } from '../invoices/invoice-format';
import type { Invoice } from '../invoices/invoices.types';
import { type CreditNoteValues, creditLine, creditLineFrom } from './credit-note-form';

/** The lines of a partial credit: free lines, or lines taken from the invoice and then changed. */
export function CreditNoteLines({
  form,
  invoice,
  isPhone,
}: {
  form: UseFormReturnType<CreditNoteValues>;
  invoice: Invoice;
  isPhone: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lines = form.getValues().lines;
  const money = (cents: number) => formatCents(cents, invoice.currency, i18n.language);
  const symbol = (
    <Text size="xs" c="dimmed">
      {currencySymbol(invoice.currency, i18n.language)}
    </Text>
  );
  const field = (index: number, name: 'description' | 'quantity' | 'unit_price_cents') => ({
    ...form.getInputProps(`lines.${index}.${name}`),
    'data-testid': `credit-line-${index}-${name}`,
  });

  return (
    <Stack gap="xs">
      {lines.map((line, index) => (
        <Paper key={line.key} withBorder radius="md" p="xs" data-testid="credit-line">
          <Group gap="xs" align="flex-start" wrap={isPhone ? 'wrap' : 'nowrap'}>
            <TextInput
              {...field(index, 'description')}
              label={index === 0 || isPhone ? t('invoices.fields.description') : undefined}
              aria-label={t('invoices.fields.description')}
              style={{ flex: isPhone ? '1 1 100%' : 1, minWidth: 0 }}
              maxLength={2000}
            />
            <TextInput
              {...field(index, 'quantity')}
              label={index === 0 || isPhone ? t('invoices.fields.quantity') : undefined}
              aria-label={t('invoices.fields.quantity')}
              inputMode="decimal"
              w={isPhone ? 80 : 72}
            />
            <TextInput
              {...field(index, 'unit_price_cents')}
              label={index === 0 || isPhone ? t('invoices.fields.unitPrice') : undefined}
              aria-label={t('invoices.fields.unitPrice')}
              inputMode="decimal"
              rightSection={symbol}
              w={isPhone ? 130 : 120}
            />
            <Checkbox
              {...form.getInputProps(`lines.${index}.taxable`, { type: 'checkbox' })}
              label={t('invoices.fields.taxableShort')}
              aria-label={t('invoices.fields.taxable')}
              mt={index === 0 || isPhone ? 32 : 8}
              data-testid={`credit-line-${index}-taxable`}
            />
            <Tooltip label={t('invoices.editor.removeLine')}>
              <ActionIcon
                variant="subtle"
                color="red"
                mt={index === 0 || isPhone ? 28 : 4}
                disabled={lines.length === 1}
                aria-label={`${t('invoices.editor.removeLine')} ${index + 1}`}
                onClick={() => form.removeListItem('lines', index)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Paper>
      ))}
      <Group gap="xs" wrap="wrap">
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('lines', creditLine())}
          data-testid="credit-add-line"
        >
          {t('creditNotes.form.addLine')}
        </Button>
        {invoice.lines.length > 0 && (
          <Select
            size="xs"
            w={isPhone ? '100%' : 300}
            aria-label={t('creditNotes.form.fromInvoice')}
            placeholder={t('creditNotes.form.fromInvoice')}
            value={null}
            data={invoice.lines.map((line) => ({
              value: String(line.position),
              label: `${line.description} — ${money(line.line_total_cents)}`,
            }))}
            onChange={(value) => {
              const source = invoice.lines.find((line) => String(line.position) === value);
              if (!source) return;
              const copy = creditLineFrom(source, i18n.language);
              const [first] = form.getValues().lines;
              // An untouched first line is replaced rather than left blank above the copy.
              if (lines.length === 1 && first && !first.description && !first.unit_price_cents) {
                form.setFieldValue('lines', [copy]);
              } else {
                form.insertListItem('lines', copy);
              }
            }}
            data-testid="credit-from-invoice"
          />
        )}
      </Group>
    </Stack>
  );
}
