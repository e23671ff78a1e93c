import {
  Autocomplete,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { everyValueOf } from '../../lib/api-types';
import { applyServerErrors } from '../../lib/errors';
import { centsToInput, parseDollars } from '../../lib/money';
import { notifySuccess } from '../../ui/notify';
import { FormAlert } from '../customers/parts/PartForm';
import { type CreditProfileInput, type CustomerFinances, useUpdateFinances } from './finances.api';
import { maxAmountCents } from './money';

const paymentTerms = everyValueOf<CustomerFinances['payment_terms']>()([
  'due_on_receipt',
  'net_15',
  'net_30',
  'net_45',
  'net_60',
]);
const priceLevels = ['standard', 'wholesale', 'vip'];
const fields = ['credit_limit_cents', 'payment_terms', 'price_level', 'currency'] as const;

function currencies(): string[] {
  try {
    return Intl.supportedValuesOf('currency');
  } catch {
    return ['CAD', 'USD', 'EUR'];
  }
}

/** The credit terms; the limit is typed in dollars and sent in cents (converted as text). */
export function CreditProfileForm({
  customerId,
  finances,
  readOnly,
}: {
  customerId: string;
  finances: CustomerFinances;
  readOnly: boolean;
}) {
  const { t, i18n } = useTranslation();
  const update = useUpdateFinances(customerId);
  const [alert, setAlert] = useState<string>();
  const initial = useMemo(
    () => ({
      credit_limit_cents:
        finances.credit_limit_cents === null ? '' : centsToInput(finances.credit_limit_cents, i18n.language),
      payment_terms: finances.payment_terms as string,
      price_level: finances.price_level,
      currency: finances.currency,
    }),
    [finances, i18n.language],
  );
  const form = useForm({ initialValues: initial });
  const currencyOptions = useMemo(currencies, []);

  // A fresh copy from the server replaces the form, unless the user is mid-edit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the saved profile only
  useEffect(() => {
    if (!form.isDirty()) {
      form.setInitialValues(initial);
      form.setValues(initial);
    }
  }, [initial]);

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    const body: CreditProfileInput = {
      payment_terms: values.payment_terms as CreditProfileInput['payment_terms'],
      price_level: values.price_level,
      currency: values.currency,
    };
    if (values.credit_limit_cents.trim() === '') {
      body.credit_limit_cents = null;
    } else {
      const parsed = parseDollars(values.credit_limit_cents, { maxCents: maxAmountCents });
      if (!parsed.ok) {
        form.setFieldError('credit_limit_cents', t(`finances.amountErrors.${parsed.reason}`));
        return;
      }
      body.credit_limit_cents = parsed.cents;
    }
    try {
      await update.mutateAsync(body);
      form.resetDirty();
      notifySuccess(t('common.saved'));
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate data-testid="credit-profile-form">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('finances.profile.title')}
          </Title>
          {!finances.is_set && (
            <Text size="sm" c="dimmed">
              {t('finances.profile.defaults')}
            </Text>
          )}
          <FormAlert message={alert} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label={t('finances.profile.creditLimit')}
              description={t('finances.profile.creditLimitHelp')}
              placeholder={t('finances.figures.noLimit')}
              inputMode="decimal"
              rightSection={<Text size="sm">$</Text>}
              readOnly={readOnly}
              {...form.getInputProps('credit_limit_cents')}
            />
            <Select
              label={t('finances.profile.terms')}
              data={paymentTerms.map((value) => ({ value, label: t(`finances.terms.${value}`) }))}
              allowDeselect={false}
              readOnly={readOnly}
              data-testid="payment-terms"
              {...form.getInputProps('payment_terms')}
            />
            <Autocomplete
              label={t('finances.profile.priceLevel')}
              data={priceLevels.map((value) => ({ value, label: value }))}
              readOnly={readOnly}
              {...form.getInputProps('price_level')}
            />
            <Select
              label={t('finances.profile.currency')}
              data={currencyOptions}
              searchable
              allowDeselect={false}
              readOnly={readOnly}
              {...form.getInputProps('currency')}
            />
          </SimpleGrid>
          {!readOnly && (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending} data-testid="credit-profile-save">
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
