import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconDeviceFloppy, IconSend, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatCents } from '../../lib/money';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { notifyError, notifySuccess } from '../../ui/notify';
import { InvoiceAdjustments } from '../billing/invoices/InvoiceAdjustments';
import { InvoiceCustomerField } from '../billing/invoices/InvoiceCustomerField';
import {
  emptyValues,
  type FieldMessages,
  fieldMessage,
  formPath,
  type InvoiceValues,
  valuesOf,
} from '../billing/invoices/invoice-form';
import { useCustomer } from '../billing/invoices/invoices.api';
import type { Invoice } from '../billing/invoices/invoices.types';
import { LinesPanel } from '../billing/invoices/LinesPanel';
import { TotalsPanel } from '../billing/invoices/TotalsPanel';
import { useLeaveGuard } from '../billing/invoices/useLeaveGuard';
import { useLiveTotals } from '../billing/invoices/useLiveTotals';
import { useFinances } from '../finances/finances.api';
import { QuoteStatusBadge } from './QuoteBadges';
import { type Quote, useDeleteQuote, useSaveQuote, useSendQuote } from './quotes.api';

function inDays(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The deposit a draft would ask: as the server's depositSplit, at the quote's tax rates. */
function depositOf(
  totals: {
    taxable_cents: number;
    total_cents: number;
    taxes: readonly { rate_ppm: number; amount_cents: number }[];
  },
  percent: number,
): number {
  const half = (numerator: number, denominator: number) => Math.round(numerator / denominator);
  const tax = totals.taxes.reduce((sum, entry) => sum + entry.amount_cents, 0);
  const taxable = half(totals.taxable_cents * percent, 100);
  const other = half((totals.total_cents - tax - totals.taxable_cents) * percent, 100);
  return (
    taxable + other + totals.taxes.reduce((sum, entry) => sum + half(taxable * entry.rate_ppm, 1_000_000), 0)
  );
}

const fieldPaths = /^(customer_id|invoice_discount_cents|promo_code|shipping_cents|shipping_taxable|notes)$/;
const linePaths = /^lines\.\d+\.(description|quantity|unit_price_cents|discount_cents|taxable)$/;

/**
 * A draft quote, new or saved: the invoice editor's own pieces (customer, catalog lines, discounts,
 * promo code, live totals with the server's arithmetic) plus the deposit and the validity.
 */
export function QuoteEditor({
  quote,
  initialCustomerId,
}: {
  quote?: Quote;
  initialCustomerId?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const form = useForm<InvoiceValues>({
    initialValues: quote
      ? valuesOf(quote as unknown as Invoice, i18n.language)
      : emptyValues(initialCustomerId ?? null),
  });
  const values = form.getValues();
  const [deposit, setDeposit] = useState<number | string>(quote?.deposit_percent ?? 30);
  const [validUntil, setValidUntil] = useState(quote?.valid_until ?? inDays(30));
  const [extraErrors, setExtraErrors] = useState<FieldMessages>({});
  const [alert, setAlert] = useState<string>();
  const [submitted, setSubmitted] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useSaveQuote(quote?.id);
  const send = useSendQuote();
  const remove = useDeleteQuote();
  const leave = useLeaveGuard(form.isDirty() && !save.isPending);

  const customerId = values.customer_id;
  const customer = useCustomer(customerId);
  const finances = useFinances(customerId ?? '', { enabled: !!customerId });
  const taxExempt = customer.data?.tax_exempt ?? quote?.tax_exempt ?? false;
  const currency = quote?.currency ?? finances.data?.currency ?? 'CAD';
  const money = (cents: number) => formatCents(cents, currency, i18n.language);
  const live = useLiveTotals(values, { taxExempt, customerId, currency });
  const { totals, promo } = live;
  const depositPercent = typeof deposit === 'number' ? deposit : Number.NaN;
  const depositValid = Number.isInteger(depositPercent) && depositPercent >= 0 && depositPercent <= 100;

  const errorOf = (path: string): string | undefined => {
    const server = form.errors[path];
    if (server) return String(server);
    return submitted || form.isTouched(path) ? live.errors[path] : undefined;
  };

  const placeServerErrors = (error: unknown) => {
    if (!isApiError(error)) {
      setAlert(errorMessage(error, t));
      return;
    }
    const placed: FieldMessages = {};
    const extra: FieldMessages = {};
    for (const field of error.errors) {
      const path = formPath(field.path, live.lineIndexes).replace(/\.product_id$/, '.description');
      if (fieldPaths.test(path) || linePaths.test(path)) placed[path] ??= fieldMessage(field.message, t);
      else extra[path] = fieldMessage(field.message, t);
    }
    form.setErrors(placed);
    setExtraErrors(extra);
    setAlert(error.errors.length ? t('errors.checkFields') : errorMessage(error, t));
  };

  const saveDraft = async (): Promise<Quote | null> => {
    setSubmitted(true);
    setAlert(undefined);
    setExtraErrors({});
    if (!customerId) {
      form.setFieldError('customer_id', t('invoices.errors.customerRequired'));
      return null;
    }
    if (!depositValid) {
      setExtraErrors({ deposit_percent: t('quotes.errors.depositPercent') });
      return null;
    }
    if (Object.keys(live.errors).length) {
      setAlert(t('errors.checkFields'));
      return null;
    }
    const body = { ...live.body, deposit_percent: depositPercent, valid_until: validUntil };
    try {
      const saved = await save.mutateAsync(quote ? body : { ...body, customer_id: customerId, currency });
      form.resetDirty(values);
      setSubmitted(false);
      if (!quote) {
        leave.allow();
        await navigate(`/quotes/${saved.id}`, { replace: true });
      } else notifySuccess(t('quotes.editor.saved'));
      return saved;
    } catch (error) {
      placeServerErrors(error);
      return null;
    }
  };

  const saveAndSend = async () => {
    const saved = await saveDraft();
    if (!saved) return;
    try {
      const result = await send.mutateAsync({ id: saved.id });
      leave.allow();
      notifySuccess(
        result.email.status === 'suppressed'
          ? t('quotes.sent.suppressed', { number: result.quote.number })
          : t('quotes.sent.queued', { number: result.quote.number }),
      );
      if (!quote) await navigate(`/quotes/${saved.id}`, { replace: true });
    } catch (error) {
      placeServerErrors(error);
    }
  };

  return (
    <Stack gap="md" data-testid="quote-editor">
      <Group justify="space-between" align="flex-start">
        <Group gap="sm">
          <Title order={1} size="h2">
            {quote ? t('quotes.editor.editTitle') : t('quotes.editor.newTitle')}
          </Title>
          <QuoteStatusBadge status="draft" />
        </Group>
        {quote && (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => setConfirmDelete(true)}
          >
            {t('quotes.editor.delete')}
          </Button>
        )}
      </Group>
      {alert && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="quote-alert">
          {alert}
        </Alert>
      )}
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <InvoiceCustomerField
          customerId={customerId}
          customer={customer.data}
          finances={finances.data}
          editable={!quote}
          error={errorOf('customer_id')}
          onChange={(id) => form.setFieldValue('customer_id', id)}
        />
      </Paper>
      <LinesPanel
        form={form}
        errorOf={errorOf}
        lineTotals={live.rowTotals}
        currency={currency}
        isPhone={isPhone}
        customerId={customerId}
        priceLevel={finances.data?.price_level ?? null}
        loading={finances.isPending}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('quotes.editor.terms')}
              </Title>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <NumberInput
                  label={t('quotes.fields.depositPercent')}
                  value={deposit}
                  onChange={setDeposit}
                  min={0}
                  max={100}
                  allowDecimal={false}
                  suffix=" %"
                  error={
                    extraErrors.deposit_percent ??
                    (submitted && !depositValid ? t('quotes.errors.depositPercent') : undefined)
                  }
                  data-testid="quote-deposit-percent"
                />
                <TextInput
                  type="date"
                  label={t('quotes.fields.validUntil')}
                  value={validUntil}
                  onChange={(event) => setValidUntil(event.currentTarget.value)}
                  error={extraErrors.valid_until}
                  data-testid="quote-valid-until"
                />
              </SimpleGrid>
            </Stack>
          </Paper>
          <InvoiceAdjustments
            form={form}
            errorOf={errorOf}
            promo={promo}
            currency={currency}
            labels={{
              documentDiscount: t('quotes.fields.discount'),
              notesHelp: t('quotes.fields.notesHelp'),
            }}
          />
        </Stack>
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('invoices.totals.title')}
            </Title>
            <TotalsPanel
              totals={totals}
              currency={currency}
              promoCode={live.body.promo_code}
              promoPending={promo.pending && !!live.body.promo_code}
              taxExempt={taxExempt}
            />
            {totals && depositValid && depositPercent > 0 && (
              <Group justify="space-between" data-testid="quote-deposit">
                <Text size="sm">{t('quotes.fields.deposit', { percent: depositPercent })}</Text>
                <Text size="sm" fw={600}>
                  {money(depositOf(totals, depositPercent))}
                </Text>
              </Group>
            )}
          </Stack>
        </Paper>
      </SimpleGrid>
      <Paper withBorder shadow="sm" radius="md" p="sm" style={{ position: 'sticky', bottom: 8, zIndex: 5 }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <div>
            <Text size="xs" c="dimmed">
              {t('invoices.totals.total')}
            </Text>
            <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }} data-testid="quote-total">
              {totals ? money(totals.total_cents) : '—'}
            </Text>
          </div>
          <Group gap="xs" wrap="nowrap">
            <Button
              variant="default"
              onClick={() => void saveDraft()}
              loading={save.isPending && !send.isPending}
              leftSection={isPhone ? undefined : <IconDeviceFloppy size={16} />}
              data-testid="save-quote"
            >
              {isPhone ? t('quotes.editor.saveShort') : t('quotes.editor.save')}
            </Button>
            <Button
              onClick={() => void saveAndSend()}
              loading={send.isPending}
              disabled={live.lineIndexes.length === 0}
              leftSection={isPhone ? undefined : <IconSend size={16} />}
              data-testid="send-quote"
            >
              {t('quotes.actions.send')}
            </Button>
          </Group>
        </Group>
      </Paper>
      <ConfirmModal
        opened={confirmDelete}
        title={t('quotes.editor.deleteTitle')}
        message={t('quotes.editor.deleteMessage')}
        loading={remove.isPending}
        onConfirm={() => {
          if (!quote) return;
          remove
            .mutateAsync({ id: quote.id })
            .then(() => {
              leave.allow();
              notifySuccess(t('quotes.editor.deleted'));
              return navigate('/quotes');
            })
            .catch((error: unknown) => {
              notifyError(error);
              setConfirmDelete(false);
            });
        }}
        onClose={() => setConfirmDelete(false)}
      />
      {leave.modal}
    </Stack>
  );
}
