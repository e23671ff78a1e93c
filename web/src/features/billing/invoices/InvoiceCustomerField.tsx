import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatCents } from '../../../lib/money';
import type { Customer } from '../../customers/customers.types';
import type { CustomerFinances } from '../../finances/finances.api';
import { CustomerPicker } from './CustomerPicker';

/**
 * Who the invoice is for. A new invoice picks the customer; a saved draft keeps it (the API
 * does not move a draft to another customer). Below: what changes the invoice for them.
 */
export function InvoiceCustomerField({
  customerId,
  customer,
  finances,
  editable,
  error,
  onChange,
}: {
  customerId: string | null;
  customer: Customer | undefined;
  finances: CustomerFinances | undefined;
  editable: boolean;
  error: string | undefined;
  onChange: (id: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const money = (cents: number) => formatCents(cents, finances?.currency ?? 'CAD', i18n.language);
  return (
    <Stack gap="xs">
      {editable ? (
        <CustomerPicker
          label={t('invoices.fields.customer')}
          placeholder={t('invoices.editor.customerPlaceholder')}
          nothingFoundMessage={t('invoices.noCustomerFound')}
          withAsterisk
          value={customerId}
          onChange={onChange}
          error={error}
          maw={520}
          autoFocus={!customerId}
          data-testid="invoice-customer"
        />
      ) : (
        <div>
          <Text size="sm" fw={500}>
            {t('invoices.fields.customer')}
          </Text>
          <Group gap={6}>
            <IconUser size={16} />
            <Anchor
              component={Link}
              to={`/customers/${customerId}`}
              fw={600}
              data-testid="invoice-customer-link"
            >
              {customer?.display_name ?? '…'}
            </Anchor>
          </Group>
        </div>
      )}
      {customer && (
        <Group gap="xs" data-testid="invoice-customer-terms">
          {finances && (
            <>
              <Badge variant="light" color="gray">
                {t('invoices.editor.priceLevel', { level: finances.price_level })}
              </Badge>
              <Badge variant="light" color="gray">
                {t(`finances.terms.${finances.payment_terms}`)}
              </Badge>
              {finances.available_credit_cents !== null && (
                <Badge variant="light" color={finances.available_credit_cents <= 0 ? 'red' : 'gray'}>
                  {t('invoices.editor.availableCredit', { amount: money(finances.available_credit_cents) })}
                </Badge>
              )}
              {finances.balance_cents !== 0 && (
                <Badge variant="light" color={finances.balance_cents > 0 ? 'orange' : 'teal'}>
                  {t('invoices.editor.balance', { amount: money(finances.balance_cents) })}
                </Badge>
              )}
            </>
          )}
          {customer.tax_exempt && (
            <Badge variant="filled" color="grape">
              {t('invoices.editor.taxExempt')}
            </Badge>
          )}
          {customer.archived_at && (
            <Badge variant="filled" color="yellow">
              {t('invoices.editor.archivedCustomer')}
            </Badge>
          )}
        </Group>
      )}
    </Stack>
  );
}
