import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCoins } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { today } from '../../../lib/calendar';
import { applyServerErrors } from '../../../lib/errors';
import { centsToInput, formatCents, parseDollars } from '../../../lib/money';
import { notifySuccess } from '../../../ui/notify';
import { FormAlert } from '../../customers/parts/PartForm';
import { currencySymbol } from '../invoices/invoice-format';
import type { Invoice } from '../invoices/invoices.types';
import {
  type ManualPaymentMethod,
  manualPaymentMethods,
  newIdempotencyKey,
  useRecordPayment,
} from './payments.api';

const fields = ['amount_cents', 'method', 'received_on', 'reference', 'note', 'allow_overpayment'];

/**
 * "Enregistrer un paiement": money received by hand. The amount starts at the balance due;
 * more than that is taken only once the user chooses to keep the rest as a credit. The form
 * carries one Idempotency-Key from opening to closing, so a double click records one payment.
 */
export function PaymentModal({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const record = useRecordPayment(invoice.id);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [alert, setAlert] = useState<string>();
  const done = useRef(false);
  const money = (cents: number) => formatCents(cents, invoice.currency, i18n.language);
  const maxDate = today();
  const form = useForm({
    initialValues: {
      amount_cents: centsToInput(invoice.balance_due_cents, i18n.language),
      method: '' as ManualPaymentMethod | '',
      received_on: maxDate,
      reference: '',
      note: '',
      allow_overpayment: false,
    },
    validate: {
      amount_cents: (value, values) => {
        const parsed = parseDollars(value);
        if (!parsed.ok) return t(`finances.amountErrors.${parsed.reason}`);
        if (parsed.cents === 0) return t('payments.errors.zero');
        if (parsed.cents > invoice.balance_due_cents && !values.allow_overpayment) {
          return t('payments.errors.overBalance', { balance: money(invoice.balance_due_cents) });
        }
        return null;
      },
      method: (value) => (value ? null : t('payments.errors.method')),
      received_on: (value) =>
        !value ? t('invoices.errors.required') : value > maxDate ? t('payments.errors.future') : null,
    },
  });
  const parsed = parseDollars(form.values.amount_cents);
  const surplus = parsed.ok ? parsed.cents - invoice.balance_due_cents : 0;

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    const amount = parseDollars(values.amount_cents);
    if (!amount.ok || !values.method) return;
    try {
      const { payment, invoice: updated } = await record.mutateAsync({
        idempotencyKey,
        body: {
          amount_cents: amount.cents,
          method: values.method,
          received_on: values.received_on,
          reference: values.reference.trim() || null,
          note: values.note.trim() || null,
          allow_overpayment: amount.cents > invoice.balance_due_cents && values.allow_overpayment,
        },
      });
      // A second submission of the same form answers with the same payment: said once.
      if (done.current) return;
      done.current = true;
      notifySuccess(
        payment.unapplied_cents > 0
          ? t('payments.recordedWithCredit', {
              amount: money(payment.amount_cents),
              credit: money(payment.unapplied_cents),
            })
          : updated.balance_due_cents === 0
            ? t('payments.recordedPaid', { amount: money(payment.amount_cents) })
            : t('payments.recorded', {
                amount: money(payment.amount_cents),
                balance: money(updated.balance_due_cents),
              }),
      );
      onClose();
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <Modal opened onClose={onClose} title={t('payments.record.title')} size="lg">
      <form onSubmit={submit} noValidate data-testid="payment-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('payments.record.balance', {
              number: invoice.number,
              balance: money(invoice.balance_due_cents),
            })}
          </Text>
          <FormAlert message={alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('payments.fields.amount')}
              inputMode="decimal"
              required
              data-autofocus
              rightSection={<Text size="sm">{currencySymbol(invoice.currency, i18n.language)}</Text>}
              data-testid="payment-amount"
              {...form.getInputProps('amount_cents')}
            />
            <Select
              label={t('payments.fields.method')}
              placeholder={t('payments.fields.methodPlaceholder')}
              required
              allowDeselect={false}
              data={manualPaymentMethods.map((value) => ({ value, label: t(`payments.methods.${value}`) }))}
              data-testid="payment-method"
              {...form.getInputProps('method')}
            />
            <TextInput
              type="date"
              label={t('payments.fields.receivedOn')}
              required
              max={maxDate}
              data-testid="payment-received-on"
              {...form.getInputProps('received_on')}
            />
            <TextInput
              label={t('payments.fields.reference')}
              placeholder={t('payments.fields.referenceHelp')}
              maxLength={200}
              data-testid="payment-reference"
              {...form.getInputProps('reference')}
            />
          </SimpleGrid>
          <Textarea
            label={t('payments.fields.note')}
            autosize
            minRows={2}
            maxLength={2000}
            {...form.getInputProps('note')}
          />
          {surplus > 0 && (
            <Alert color="yellow" icon={<IconCoins size={18} />} data-testid="payment-overpayment">
              <Stack gap={6}>
                <Text size="sm">
                  {t('payments.overpayment.message', {
                    amount: money(parsed.ok ? parsed.cents : 0),
                    balance: money(invoice.balance_due_cents),
                    surplus: money(surplus),
                  })}
                </Text>
                <Checkbox
                  label={t('payments.overpayment.keep', { surplus: money(surplus) })}
                  data-testid="payment-allow-overpayment"
                  {...form.getInputProps('allow_overpayment', { type: 'checkbox' })}
                  onChange={(event) => {
                    form.setFieldValue('allow_overpayment', event.currentTarget.checked);
                    form.clearFieldError('amount_cents');
                  }}
                />
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={record.isPending} data-testid="payment-submit">
              {t('payments.record.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
