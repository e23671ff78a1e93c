import '@mantine/dates/styles.css';
import 'dayjs/locale/fr';
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { DatesProvider, DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/errors';
import { parseDollarsToCents, parsePercentToBasisPoints } from '../../lib/money';
import { notifySuccess } from '../../ui/notify';
import { useCreatePromoCode } from './billing.api';
import type { DiscountType, PromoCodeInput } from './billing.types';

const initialValues = {
  code: '',
  description: '',
  discount_type: 'percentage' as DiscountType,
  percent: '',
  amount: '',
  minimum: '',
  starts_at: null as string | null,
  expires_at: null as string | null,
  max_uses: '' as number | string,
  once_per_customer: false,
};

type Values = typeof initialValues;

/** Where the server's field names land in this form (its amounts are cents and basis points). */
const fieldOfServerPath: Record<string, keyof Values> = {
  code: 'code',
  description: 'description',
  discount_type: 'discount_type',
  percent_basis_points: 'percent',
  amount_off_cents: 'amount',
  min_amount_cents: 'minimum',
  starts_at: 'starts_at',
  expires_at: 'expires_at',
  max_uses: 'max_uses',
  once_per_customer: 'once_per_customer',
};

const toIso = (value: string | null) => (value ? dayjs(value).toISOString() : null);

export function PromoCodeFormModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const create = useCreatePromoCode();
  const [alert, setAlert] = useState<string>();
  const form = useForm<Values>({
    initialValues,
    validate: {
      code: (value) =>
        /^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$/.test(value.trim()) ? null : t('promoCodes.errors.code'),
      percent: (value, values) =>
        values.discount_type === 'percentage' && parsePercentToBasisPoints(value) === null
          ? t('promoCodes.errors.percent')
          : null,
      amount: (value, values) =>
        values.discount_type === 'fixed' && !parseDollarsToCents(value) ? t('catalog.errors.amount') : null,
      minimum: (value) =>
        value.trim() && parseDollarsToCents(value) === null ? t('catalog.errors.amount') : null,
      expires_at: (value, values) =>
        value && values.starts_at && dayjs(value).isBefore(dayjs(values.starts_at).add(1, 'second'))
          ? t('promoCodes.errors.expiresBeforeStarts')
          : null,
    },
  });

  const close = () => {
    form.reset();
    setAlert(undefined);
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    const percentage = values.discount_type === 'percentage';
    const input: PromoCodeInput = {
      code: values.code.trim().toUpperCase(),
      description: values.description.trim() || null,
      discount_type: values.discount_type,
      percent_basis_points: percentage ? parsePercentToBasisPoints(values.percent) : null,
      amount_off_cents: percentage ? null : parseDollarsToCents(values.amount),
      min_amount_cents: values.minimum.trim() ? (parseDollarsToCents(values.minimum) ?? 0) : 0,
      starts_at: toIso(values.starts_at),
      expires_at: toIso(values.expires_at),
      max_uses: values.max_uses === '' ? null : Number(values.max_uses),
      once_per_customer: values.once_per_customer,
      is_active: true,
    };
    try {
      const created = await create.mutateAsync(input);
      notifySuccess(t('promoCodes.created', { code: created.code }));
      close();
    } catch (error) {
      setAlert(
        applyServerErrors(
          {
            setErrors: (errors) =>
              form.setErrors(
                Object.fromEntries(
                  Object.entries(errors).map(([path, message]) => [fieldOfServerPath[path] ?? path, message]),
                ),
              ),
          },
          error,
          Object.keys(fieldOfServerPath),
          t,
        ),
      );
    }
  });

  const percentage = form.values.discount_type === 'percentage';
  return (
    <Modal opened={opened} onClose={close} title={t('promoCodes.new')} size="lg" fullScreen={isPhone}>
      <DatesProvider settings={{ locale: i18n.language.startsWith('en') ? 'en' : 'fr', firstDayOfWeek: 0 }}>
        <form onSubmit={submit} noValidate data-testid="promo-code-form">
          <Stack>
            {alert && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                {alert}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                label={t('promoCodes.fields.code')}
                description={t('promoCodes.codeHelp')}
                required
                data-autofocus
                autoCapitalize="characters"
                styles={{ input: { textTransform: 'uppercase', fontFamily: 'monospace' } }}
                {...form.getInputProps('code')}
              />
              <TextInput label={t('promoCodes.fields.description')} {...form.getInputProps('description')} />
            </SimpleGrid>
            <SegmentedControl
              fullWidth
              data={[
                { value: 'percentage', label: t('promoCodes.types.percentage') },
                { value: 'fixed', label: t('promoCodes.types.fixed') },
              ]}
              {...form.getInputProps('discount_type')}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              {percentage ? (
                <TextInput
                  label={t('promoCodes.fields.percent')}
                  required
                  inputMode="decimal"
                  rightSection={<Text size="sm">%</Text>}
                  {...form.getInputProps('percent')}
                />
              ) : (
                <TextInput
                  label={t('promoCodes.fields.amount')}
                  required
                  inputMode="decimal"
                  rightSection={<Text size="sm">$</Text>}
                  {...form.getInputProps('amount')}
                />
              )}
              <TextInput
                label={t('promoCodes.fields.minimum')}
                inputMode="decimal"
                placeholder="0,00"
                rightSection={<Text size="sm">$</Text>}
                {...form.getInputProps('minimum')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <DateTimePicker
                label={t('promoCodes.fields.starts_at')}
                placeholder={t('promoCodes.immediately')}
                valueFormat="D MMM YYYY HH:mm"
                clearable
                {...form.getInputProps('starts_at')}
              />
              <DateTimePicker
                label={t('promoCodes.fields.expires_at')}
                placeholder={t('promoCodes.never')}
                valueFormat="D MMM YYYY HH:mm"
                clearable
                {...form.getInputProps('expires_at')}
              />
            </SimpleGrid>
            <NumberInput
              label={t('promoCodes.fields.max_uses')}
              placeholder={t('promoCodes.unlimited')}
              min={1}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('max_uses')}
            />
            <Switch
              label={t('promoCodes.fields.once_per_customer')}
              {...form.getInputProps('once_per_customer', { type: 'checkbox' })}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="save-promo-code">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </DatesProvider>
    </Modal>
  );
}
