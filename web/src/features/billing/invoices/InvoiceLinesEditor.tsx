import {
  ActionIcon,
  Card,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatCents } from '../../../lib/money';
import type { InvoiceValues, LineValues } from './invoice-form';
import { currencySymbol } from './invoice-format';

interface Props {
  form: UseFormReturnType<InvoiceValues>;
  /** The message to show beside a field (server's, else the live check's once touched). */
  errorOf: (path: string) => string | undefined;
  /** Each row's amount after its discount, null while it cannot be computed. */
  lineTotals: readonly (number | null)[];
  currency: string;
  isPhone: boolean;
}

/** The lines of a draft: a table on a computer, one card per line on a phone. */
export function InvoiceLinesEditor({ form, errorOf, lineTotals, currency, isPhone }: Props) {
  const { t, i18n } = useTranslation();
  const lines = form.getValues().lines;
  const symbol = (
    <Text size="xs" c="dimmed">
      {currencySymbol(currency, i18n.language)}
    </Text>
  );
  const amount = (index: number) => {
    const cents = lineTotals[index];
    return cents === null || cents === undefined ? '—' : formatCents(cents, currency, i18n.language);
  };
  const field = (index: number, name: keyof LineValues) => {
    const path = `lines.${index}.${name}`;
    return { ...form.getInputProps(path), error: errorOf(path), 'data-testid': `line-${index}-${name}` };
  };
  const remove = (index: number, line: LineValues) => (
    <Tooltip label={t('invoices.editor.removeLine')}>
      <ActionIcon
        variant="subtle"
        color="red"
        aria-label={`${t('invoices.editor.removeLine')} ${index + 1} ${line.description}`}
        onClick={() => form.removeListItem('lines', index)}
        data-testid={`line-${index}-remove`}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
  const description = (index: number, line: LineValues, label?: string) => (
    <TextInput
      {...field(index, 'description')}
      label={label}
      aria-label={label ? undefined : t('invoices.fields.description')}
      data-line-description={line.key}
      description={line.sku ?? undefined}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      styles={{ description: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
    />
  );
  const taxable = (index: number) => (
    <Checkbox
      {...form.getInputProps(`lines.${index}.taxable`, { type: 'checkbox' })}
      aria-label={t('invoices.fields.taxable')}
      label={isPhone ? t('invoices.fields.taxable') : undefined}
      data-testid={`line-${index}-taxable`}
    />
  );

  if (lines.length === 0) {
    return (
      <Paper withBorder radius="md" p="lg" data-testid="lines-empty">
        <Text c="dimmed" ta="center" size="sm">
          {t('invoices.editor.noLines')}
        </Text>
      </Paper>
    );
  }

  if (isPhone) {
    return (
      <Stack gap="xs">
        {lines.map((line, index) => (
          <Card key={line.key} withBorder radius="md" padding="sm" data-testid="invoice-line">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <div style={{ flex: 1, minWidth: 0 }}>
                  {description(index, line, t('invoices.fields.description'))}
                </div>
                {remove(index, line)}
              </Group>
              <SimpleGrid cols={3} spacing="xs">
                <TextInput
                  {...field(index, 'quantity')}
                  label={t('invoices.fields.quantity')}
                  inputMode="decimal"
                />
                <TextInput
                  {...field(index, 'unit_price_cents')}
                  label={t('invoices.fields.unitPrice')}
                  inputMode="decimal"
                />
                <TextInput
                  {...field(index, 'discount_cents')}
                  label={t('invoices.fields.lineDiscount')}
                  inputMode="decimal"
                  placeholder="0"
                />
              </SimpleGrid>
              <Group justify="space-between">
                {taxable(index)}
                <Text fw={600} size="sm" data-testid={`line-${index}-total`}>
                  {amount(index)}
                </Text>
              </Group>
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }

  return (
    <Paper withBorder radius="md" className="table-scroll">
      <Table verticalSpacing={6} miw={760} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={32}>#</Table.Th>
            <Table.Th>{t('invoices.fields.description')}</Table.Th>
            <Table.Th w={84}>{t('invoices.fields.quantity')}</Table.Th>
            <Table.Th w={120}>{t('invoices.fields.unitPrice')}</Table.Th>
            <Table.Th w={110}>{t('invoices.fields.lineDiscount')}</Table.Th>
            <Table.Th w={64} ta="center">
              {t('invoices.fields.taxableShort')}
            </Table.Th>
            <Table.Th w={120} ta="right">
              {t('invoices.fields.amount')}
            </Table.Th>
            <Table.Th w={44} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => (
            <Table.Tr key={line.key} data-testid="invoice-line" style={{ verticalAlign: 'top' }}>
              <Table.Td pt={14}>
                <Text size="xs" c="dimmed">
                  {index + 1}
                </Text>
              </Table.Td>
              <Table.Td>{description(index, line)}</Table.Td>
              <Table.Td>
                <TextInput
                  {...field(index, 'quantity')}
                  aria-label={t('invoices.fields.quantity')}
                  inputMode="decimal"
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  {...field(index, 'unit_price_cents')}
                  aria-label={t('invoices.fields.unitPrice')}
                  inputMode="decimal"
                  rightSection={symbol}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  {...field(index, 'discount_cents')}
                  aria-label={t('invoices.fields.lineDiscount')}
                  inputMode="decimal"
                  placeholder="0"
                  rightSection={symbol}
                />
              </Table.Td>
              <Table.Td pt={14}>
                <Group justify="center">{taxable(index)}</Group>
              </Table.Td>
              <Table.Td ta="right" pt={14}>
                <Text
                  size="sm"
                  fw={600}
                  style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
                  data-testid={`line-${index}-total`}
                >
                  {amount(index)}
                </Text>
              </Table.Td>
              <Table.Td pt={8}>{remove(index, line)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
