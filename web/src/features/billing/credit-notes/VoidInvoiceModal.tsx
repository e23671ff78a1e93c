import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../lib/errors';
import { formatCents } from '../../../lib/money';
import { notifySuccess } from '../../../ui/notify';
import { FormAlert } from '../../customers/parts/PartForm';
import type { Invoice } from '../invoices/invoices.types';
import { useVoidInvoice } from './credit-notes.api';

/** Whether an invoice may be voided: issued, nothing paid on it, nothing credited. */
export function isVoidable(invoice: Invoice): boolean {
  return (
    (invoice.status === 'open' || invoice.status === 'partially_paid') &&
    invoice.amount_paid_cents === 0 &&
    invoice.amount_credited_cents === 0 &&
    invoice.credit_notes.length === 0
  );
}

/**
 * "Annuler la facture": says what it does (the number stays used, the total comes off the
 * customer's balance) and asks why; the red button is the confirmation.
 */
export function VoidInvoiceModal({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const voidInvoice = useVoidInvoice(invoice);
  const [alert, setAlert] = useState<string>();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (value) => (value.trim() ? null : t('creditNotes.errors.reason')) },
  });

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    try {
      const voided = await voidInvoice.mutateAsync({ reason: values.reason.trim() });
      notifySuccess(t('creditNotes.void.done', { number: voided.number }));
      onClose();
    } catch (error) {
      setAlert(applyServerErrors(form, error, ['reason'], t));
    }
  });

  return (
    <Modal opened onClose={onClose} title={t('creditNotes.void.title', { number: invoice.number })}>
      <form onSubmit={submit} noValidate data-testid="void-form">
        <Stack gap="sm">
          <Group gap={8} wrap="nowrap" align="flex-start">
            <IconAlertTriangle
              size={18}
              color="var(--mantine-color-red-6)"
              style={{ flexShrink: 0, marginTop: 2 }}
            />
            <Text size="sm">
              {t('creditNotes.void.message', {
                total: formatCents(invoice.total_cents, invoice.currency, i18n.language),
              })}
            </Text>
          </Group>
          <FormAlert message={alert} />
          <TextInput
            label={t('creditNotes.void.reason')}
            placeholder={t('creditNotes.void.reasonPlaceholder')}
            required
            maxLength={2000}
            data-autofocus
            data-testid="void-reason"
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('creditNotes.void.keep')}
            </Button>
            <Button type="submit" color="red" loading={voidInvoice.isPending} data-testid="void-submit">
              {t('creditNotes.void.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
