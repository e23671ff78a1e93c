import { ActionIcon, Alert, Button, Group, Kbd, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useHotkeys, useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { formatCents } from '../../../lib/money';
import { ConfirmModal } from '../../../ui/ConfirmModal';
import { notifyError, notifySuccess } from '../../../ui/notify';
import { useMe } from '../../auth/auth.api';
import { useFinances } from '../../finances/finances.api';
import { FinalizeModal } from './FinalizeModal';
import { InvoiceAdjustments } from './InvoiceAdjustments';
import { InvoiceStatusBadge } from './InvoiceBadges';
import { InvoiceCustomerField } from './InvoiceCustomerField';
import {
  emptyValues,
  type FieldMessages,
  fieldMessage,
  formPath,
  type InvoiceValues,
  valuesOf,
} from './invoice-form';
import { useCustomer, useDeleteInvoice, useSaveInvoice } from './invoices.api';
import type { Invoice } from './invoices.types';
import { LinesPanel } from './LinesPanel';
import { TotalsPanel } from './TotalsPanel';
import { useLeaveGuard } from './useLeaveGuard';
import { useLiveTotals } from './useLiveTotals';

const saveKey =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘ S' : 'Ctrl S';

const fieldPaths = /^(customer_id|invoice_discount_cents|promo_code|shipping_cents|shipping_taxable|notes)$/;
const linePaths = /^lines\.\d+\.(description|quantity|unit_price_cents|discount_cents|taxable)$/;

/**
 * A draft invoice, new or saved: customer, lines from the catalog or free, discounts, shipping,
 * promo code and notes, with the totals recomputed at every keystroke by the server's own
 * computeTotals. Saved as a draft (POST, then PATCH); issued by Finalize once confirmed.
 */
export function InvoiceEditor({
  invoice,
  initialCustomerId,
  finalizeOnOpen = false,
}: {
  invoice?: Invoice;
  initialCustomerId?: string | null;
  /** Just created by "Finalize…": the confirmation opens at once. */
  finalizeOnOpen?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const isAdmin = useMe().data?.user?.role === 'admin';
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const form = useForm<InvoiceValues>({
    initialValues: invoice ? valuesOf(invoice, i18n.language) : emptyValues(initialCustomerId ?? null),
  });
  const values = form.getValues();
  const [submitted, setSubmitted] = useState(false);
  const [alert, setAlert] = useState<string>();
  const [finalizing, setFinalizing] = useState<Invoice | null>(finalizeOnOpen && invoice ? invoice : null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useSaveInvoice(invoice?.id);
  const remove = useDeleteInvoice();
  const leave = useLeaveGuard(form.isDirty() && !save.isPending);

  const customerId = values.customer_id;
  const customer = useCustomer(customerId);
  const finances = useFinances(customerId ?? '', { enabled: !!customerId });
  const taxExempt = customer.data?.tax_exempt ?? invoice?.tax_exempt ?? false;
  const currency = invoice?.currency ?? finances.data?.currency ?? 'CAD';
  const money = (cents: number) => formatCents(cents, currency, i18n.language);

  // Live: the form read as the API would, added up with the server's arithmetic.
  const live = useLiveTotals(values, { taxExempt, customerId, currency });
  const { totals, promo } = live;

  const errorOf = (path: string): string | undefined => {
    const server = form.errors[path];
    if (server) return String(server);
    return submitted || form.isTouched(path) ? live.errors[path] : undefined;
  };

  const placeServerErrors = (error: unknown, lineIndexes: readonly number[]) => {
    if (!isApiError(error)) {
      setAlert(errorMessage(error, t));
      return;
    }
    const placed: FieldMessages = {};
    const unplaced: string[] = [];
    for (const field of error.errors) {
      const path = formPath(field.path, lineIndexes).replace(/\.product_id$/, '.description');
      if (fieldPaths.test(path) || linePaths.test(path)) placed[path] ??= fieldMessage(field.message, t);
      else unplaced.push(`${field.path} : ${fieldMessage(field.message, t)}`);
    }
    form.setErrors(placed);
    setAlert(
      unplaced.length
        ? unplaced.join(' · ')
        : Object.keys(placed).length
          ? t('errors.checkFields')
          : errorMessage(error, t),
    );
  };

  /** Saves the draft; the saved invoice, or null when something is to be corrected first. */
  const saveDraft = async (options: { finalizeAfter?: boolean } = {}): Promise<Invoice | null> => {
    setSubmitted(true);
    setAlert(undefined);
    if (!customerId) {
      form.setFieldError('customer_id', t('invoices.errors.customerRequired'));
      return null;
    }
    if (Object.keys(live.errors).length) {
      setAlert(t('errors.checkFields'));
      return null;
    }
    const { body, lineIndexes } = live;
    try {
      const saved = await save.mutateAsync(invoice ? body : { ...body, customer_id: customerId, currency });
      // What was sent is now saved; anything typed meanwhile stays a change.
      form.resetDirty(values);
      setSubmitted(false);
      if (!invoice) {
        leave.allow();
        await navigate(`/invoices/${saved.id}`, {
          replace: true,
          state: { finalize: !!options.finalizeAfter },
        });
      } else {
        notifySuccess(t('invoices.editor.saved'));
      }
      return saved;
    } catch (error) {
      placeServerErrors(error, lineIndexes);
      return null;
    }
  };

  const startFinalize = async () => {
    if (invoice && !form.isDirty()) {
      setFinalizing(invoice);
      return;
    }
    const saved = await saveDraft({ finalizeAfter: true });
    if (saved && invoice) setFinalizing(saved);
  };

  useHotkeys([['mod+S', () => void saveDraft()]], []);

  const deleteDraft = async () => {
    if (!invoice) return;
    try {
      await remove.mutateAsync(invoice);
      leave.allow();
      notifySuccess(t('invoices.editor.deleted'));
      await navigate('/invoices');
    } catch (error) {
      notifyError(error);
      setConfirmDelete(false);
    }
  };

  const hasLines = live.lineIndexes.length > 0;
  // The customer's currency and prices are known before anything is saved for them.
  const waiting = !!customerId && finances.isPending;

  return (
    <Stack gap="md" data-testid="invoice-editor">
      <Group justify="space-between" align="flex-start">
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            {invoice ? t('invoices.editor.editTitle') : t('invoices.editor.newTitle')}
          </Title>
          <InvoiceStatusBadge status="draft" />
        </Group>
        {invoice && (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => setConfirmDelete(true)}
            data-testid="delete-invoice"
          >
            {t('invoices.editor.delete')}
          </Button>
        )}
      </Group>

      {alert && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="invoice-alert">
          {alert}
        </Alert>
      )}

      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <InvoiceCustomerField
          customerId={customerId}
          customer={customer.data}
          finances={finances.data}
          editable={!invoice}
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
        <InvoiceAdjustments form={form} errorOf={errorOf} promo={promo} currency={currency} />
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
          </Stack>
        </Paper>
      </SimpleGrid>

      <Paper
        withBorder
        shadow="sm"
        radius="md"
        p="sm"
        style={{ position: 'sticky', bottom: 8, zIndex: 5 }}
        data-testid="invoice-actions"
      >
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ flexShrink: 0 }}>
            <Text size="xs" c="dimmed">
              {t('invoices.totals.total')}
            </Text>
            <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }} data-testid="sticky-total">
              {totals ? money(totals.total_cents) : '—'}
            </Text>
          </div>
          <Group gap="xs" wrap="nowrap">
            {isPhone ? (
              <ActionIcon
                variant="default"
                size={36}
                onClick={() => void saveDraft()}
                loading={save.isPending && !finalizing}
                disabled={waiting}
                aria-label={t('invoices.editor.saveDraft')}
                data-testid="save-invoice"
              >
                <IconDeviceFloppy size={18} />
              </ActionIcon>
            ) : (
              <Button
                variant="default"
                onClick={() => void saveDraft()}
                loading={save.isPending && !finalizing}
                disabled={waiting}
                rightSection={<Kbd size="xs">{saveKey}</Kbd>}
                data-testid="save-invoice"
              >
                {t('invoices.editor.saveDraft')}
              </Button>
            )}
            <Button
              leftSection={isPhone ? undefined : <IconCheck size={16} />}
              onClick={() => void startFinalize()}
              disabled={!hasLines || waiting}
              data-testid="finalize-invoice"
            >
              {t('invoices.editor.finalize')}
            </Button>
          </Group>
        </Group>
      </Paper>

      {finalizing && (
        <FinalizeModal
          invoice={finalizing}
          customerName={customer.data?.display_name ?? ''}
          finances={finances.data}
          isAdmin={isAdmin}
          onClose={() => setFinalizing(null)}
          onFinalized={(issued) => {
            leave.allow();
            setFinalizing(null);
            notifySuccess(t('invoices.finalize.done', { number: issued.number }));
            window.scrollTo({ top: 0 });
          }}
        />
      )}
      <ConfirmModal
        opened={confirmDelete}
        title={t('invoices.editor.deleteTitle')}
        message={t('invoices.editor.deleteMessage')}
        loading={remove.isPending}
        onConfirm={() => void deleteDraft()}
        onClose={() => setConfirmDelete(false)}
      />
      {leave.modal}
    </Stack>
  );
}
