import {
  Alert,
  Button,
  Divider,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../lib/errors';
import { formatCents } from '../../../lib/money';
import { notifySuccess } from '../../../ui/notify';
import { FormAlert } from '../../customers/parts/PartForm';
import type { Invoice } from '../invoices/invoices.types';
import { taxName } from '../invoices/TotalsPanel';
import { CreditNoteLines } from './CreditNoteLines';
import {
  type CreditNoteValues,
  creditLine,
  previewCredit,
  readCreditLines,
  remainingCreditable,
} from './credit-note-form';
import { useCreateCreditNote } from './credit-notes.api';

const fields = ['reason', 'lines'];

/**
 * "Émettre une note de crédit": everything that remains (default) or chosen lines, taxed at
 * the rates the invoice charged, and why. What was already paid of it becomes a credit on the
 * customer's account (the server decides; the dialog says so beforehand).
 */
export function CreditNoteModal({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const create = useCreateCreditNote(invoice);
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [alert, setAlert] = useState<string>();
  const money = (cents: number) => formatCents(cents, invoice.currency, i18n.language);
  const remaining = remainingCreditable(invoice);
  const form = useForm<CreditNoteValues>({
    initialValues: { kind: 'full', reason: '', lines: [creditLine()] },
    validate: (values) => {
      const errors: Record<string, string> = {};
      if (!values.reason.trim()) errors.reason = t('creditNotes.errors.reason');
      if (values.kind === 'partial') Object.assign(errors, readCreditLines(values.lines, t).errors);
      return errors;
    },
  });
  const values = form.getValues();
  const partial = values.kind === 'partial' ? readCreditLines(values.lines, t) : null;
  const preview =
    partial && Object.keys(partial.errors).length === 0 ? previewCredit(partial.lines, invoice) : null;
  const creditTotal = values.kind === 'full' ? remaining : (preview?.total_cents ?? null);
  const tooMuch = creditTotal !== null && creditTotal > remaining;
  // What goes beyond the balance due (money already paid) is left on the customer's account.
  const toAccount =
    creditTotal === null ? 0 : Math.max(0, Math.min(creditTotal, remaining) - invoice.balance_due_cents);

  const submit = form.onSubmit(async (submitted) => {
    setAlert(undefined);
    try {
      const note = await create.mutateAsync({
        reason: submitted.reason.trim(),
        ...(submitted.kind === 'partial' ? { lines: readCreditLines(submitted.lines, t).lines } : {}),
      });
      notifySuccess(t('creditNotes.issued', { number: note.number, amount: money(note.total_cents) }));
      onClose();
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('creditNotes.form.title')}
      size={values.kind === 'partial' ? 'xl' : 'lg'}
      fullScreen={isPhone}
    >
      <form onSubmit={submit} noValidate data-testid="credit-note-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('creditNotes.form.remaining', {
              number: invoice.number,
              amount: money(remaining),
              total: money(invoice.total_cents),
            })}
          </Text>
          <FormAlert message={alert} />
          <TextInput
            label={t('creditNotes.form.reason')}
            placeholder={t('creditNotes.form.reasonPlaceholder')}
            required
            maxLength={2000}
            data-autofocus
            data-testid="credit-reason"
            {...form.getInputProps('reason')}
          />
          <SegmentedControl
            fullWidth
            data={[
              { value: 'full', label: t('creditNotes.form.full') },
              { value: 'partial', label: t('creditNotes.form.partial') },
            ]}
            {...form.getInputProps('kind')}
            data-testid="credit-kind"
          />
          {values.kind === 'full' ? (
            <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)">
              <Text size="sm">{t('creditNotes.form.fullHelp', { amount: money(remaining) })}</Text>
            </Paper>
          ) : (
            <CreditNoteLines form={form} invoice={invoice} isPhone={isPhone} />
          )}
          {values.kind === 'partial' && preview && (
            <Stack gap={4} data-testid="credit-preview">
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  {t('invoices.totals.subtotal')}
                </Text>
                <Text size="sm">{money(preview.subtotal_cents)}</Text>
              </Group>
              {invoice.taxes.length > 0 &&
                preview.taxes.map((tax) => (
                  <Group key={tax.code} justify="space-between">
                    <Text size="sm" c="dimmed">
                      {taxName(tax.code, t)}
                    </Text>
                    <Text size="sm">{money(tax.amount_cents)}</Text>
                  </Group>
                ))}
              <Divider />
              <Group justify="space-between">
                <Text size="sm" fw={700}>
                  {t('creditNotes.form.total')}
                </Text>
                <Text size="sm" fw={700} data-testid="credit-preview-total">
                  {money(preview.total_cents)}
                </Text>
              </Group>
            </Stack>
          )}
          {tooMuch && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} p="xs" data-testid="credit-too-much">
              {t('creditNotes.form.tooMuch', { amount: money(remaining) })}
            </Alert>
          )}
          {toAccount > 0 && !tooMuch && (
            <Alert color="blue" icon={<IconInfoCircle size={18} />} p="xs">
              {t('creditNotes.form.toAccount', { amount: money(toAccount) })}
            </Alert>
          )}
          <Text size="xs" c="dimmed">
            {t('creditNotes.form.final')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={tooMuch} data-testid="credit-submit">
              {creditTotal === null
                ? t('creditNotes.form.submit')
                : t('creditNotes.form.submitAmount', { amount: money(creditTotal) })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
