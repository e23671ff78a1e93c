import {
  Alert,
  Autocomplete,
  Checkbox,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconShieldLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { everyValueOf } from '../../lib/api-types';
import { applyServerErrors } from '../../lib/errors';
import { notifySuccess } from '../../ui/notify';
import { FormAlert, FormFooter } from '../customers/parts/PartForm';
import { type PaymentMethod, type PaymentMethodInput, useSavePaymentMethod } from './finances.api';
import { containsCardNumber } from './money';

const providers = everyValueOf<PaymentMethod['provider']>()(['stripe', 'paypal', 'square', 'moneris']);
const brands = ['visa', 'mastercard', 'amex', 'discover', 'interac', 'jcb', 'diners', 'unionpay'];
const fields = ['provider', 'token', 'brand', 'last4', 'exp_month', 'exp_year', 'nickname', 'is_default'];

function blankToNull(value: string): string | null {
  return value.trim() === '' ? null : value.trim();
}

/**
 * Adds or edits a saved method: the provider's token (pm_…), never a card number. A card
 * number typed anywhere is flagged under its field at once and never sent; the server
 * refuses one too.
 */
export function PaymentMethodForm({
  customerId,
  method,
  onDone,
}: {
  customerId: string;
  method: PaymentMethod | undefined;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const save = useSavePaymentMethod(customerId);
  const [alert, setAlert] = useState<string>();
  const noCardNumber = (value: string) =>
    containsCardNumber(value) ? t('finances.methods.cardNumberRefused') : null;
  const form = useForm({
    initialValues: {
      provider: method?.provider ?? 'stripe',
      token: '',
      brand: method?.brand ?? '',
      last4: method?.last4 ?? '',
      exp_month: (method?.exp_month ?? '') as number | string,
      exp_year: (method?.exp_year ?? '') as number | string,
      nickname: method?.nickname ?? '',
      is_default: method?.is_default ?? false,
    },
    validateInputOnChange: ['token', 'brand', 'nickname', 'last4'],
    validate: {
      token: (value) =>
        method ? null : value.trim() === '' ? t('auth.errors.required') : noCardNumber(value),
      brand: noCardNumber,
      nickname: noCardNumber,
      last4: (value) => (value === '' || /^\d{4}$/.test(value) ? null : t('finances.methods.last4Invalid')),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    const numberOrNull = (value: number | string) => (value === '' ? null : Number(value));
    const details = {
      brand: blankToNull(values.brand),
      last4: blankToNull(values.last4),
      exp_month: numberOrNull(values.exp_month),
      exp_year: numberOrNull(values.exp_year),
      nickname: blankToNull(values.nickname),
      is_default: values.is_default,
    };
    // A new method left unticked is not forced off: the customer's first one becomes the default.
    const body: PaymentMethodInput | typeof details = method
      ? details
      : {
          ...details,
          is_default: values.is_default || undefined,
          provider: values.provider as PaymentMethod['provider'],
          token: values.token.trim(),
        };
    try {
      await save.mutateAsync({ id: method?.id, body });
      notifySuccess(method ? t('common.saved') : t('common.created'));
      onDone();
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <form onSubmit={submit} noValidate data-testid="payment-method-form">
      <Stack>
        <Alert color="blue" icon={<IconShieldLock size={18} />} p="xs">
          {t('finances.methods.tokenHelp')}
        </Alert>
        <FormAlert message={alert} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label={t('finances.methods.provider')}
            data={providers.map((value) => ({ value, label: t(`finances.providers.${value}`) }))}
            allowDeselect={false}
            disabled={!!method}
            {...form.getInputProps('provider')}
          />
          <TextInput
            label={t('finances.methods.token')}
            placeholder="pm_1Nabc…"
            required={!method}
            disabled={!!method}
            autoComplete="off"
            data-autofocus
            {...form.getInputProps('token')}
          />
          <Autocomplete
            label={t('finances.methods.brand')}
            data={brands}
            autoComplete="off"
            {...form.getInputProps('brand')}
          />
          <TextInput
            label={t('finances.methods.last4')}
            maxLength={4}
            inputMode="numeric"
            autoComplete="off"
            {...form.getInputProps('last4')}
          />
          <NumberInput
            label={t('finances.methods.expMonth')}
            min={1}
            max={12}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('exp_month')}
          />
          <NumberInput
            label={t('finances.methods.expYear')}
            min={2000}
            max={2100}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('exp_year')}
          />
          <TextInput
            label={t('finances.methods.nickname')}
            autoComplete="off"
            {...form.getInputProps('nickname')}
          />
          <Checkbox
            mt={{ xs: 30 }}
            label={t('finances.methods.makeDefault')}
            {...form.getInputProps('is_default', { type: 'checkbox' })}
          />
        </SimpleGrid>
        <FormFooter pending={save.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
