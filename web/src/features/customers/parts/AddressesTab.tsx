import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMapPin, IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type Address, type DeliveryWindow, weekDays } from '../customers.types';
import { FormAlert, FormFooter } from './PartForm';
import { nullIfBlank, type PartFormProps, PartsTab } from './PartsTab';
import { usePartSubmit } from './usePartSubmit';

const fields = [
  'label',
  'line1',
  'line2',
  'city',
  'region',
  'postal_code',
  'country',
  'latitude',
  'longitude',
  'delivery_windows',
];

function countryName(code: string, locale: string) {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export function AddressesTab({ customerId, readOnly }: { customerId: string; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <PartsTab
      customerId={customerId}
      kind="addresses"
      readOnly={readOnly}
      labels={{
        add: t('addresses.add'),
        edit: t('addresses.edit'),
        empty: t('addresses.empty'),
        deleteConfirm: (name) => t('addresses.deleteConfirm', { name }),
      }}
      describe={(address) => address.label || address.line1}
      details={(address) => (
        <Stack gap={2}>
          <Text size="sm">
            {address.line1}
            {address.line2 ? `, ${address.line2}` : ''}
          </Text>
          <Text size="sm">
            {[address.city, address.region, address.postal_code].filter(Boolean).join(', ')} ·{' '}
            {countryName(address.country, i18n.language)}
          </Text>
          {address.delivery_windows.length > 0 && (
            <Text size="xs" c="dimmed">
              {t('addresses.delivery_windows')} :{' '}
              {address.delivery_windows
                .map((window) => `${t(`addresses.daysShort.${window.day}`)} ${window.from}–${window.to}`)
                .join(' · ')}
            </Text>
          )}
          {address.latitude !== null && address.longitude !== null && (
            <Anchor
              size="xs"
              href={`https://www.openstreetmap.org/?mlat=${address.latitude}&mlon=${address.longitude}#map=17/${address.latitude}/${address.longitude}`}
              target="_blank"
              rel="noreferrer"
            >
              <Group gap={4}>
                <IconMapPin size={12} />
                {t('addresses.map')}
              </Group>
            </Anchor>
          )}
        </Stack>
      )}
      Form={AddressForm}
    />
  );
}

function AddressForm({ customerId, part, onDone }: PartFormProps<Address>) {
  const { t, i18n } = useTranslation();
  const form = useForm({
    initialValues: {
      label: part?.label ?? '',
      line1: part?.line1 ?? '',
      line2: part?.line2 ?? '',
      city: part?.city ?? '',
      region: part?.region ?? 'QC',
      postal_code: part?.postal_code ?? '',
      country: part?.country ?? 'CA',
      latitude: (part?.latitude ?? '') as number | string,
      longitude: (part?.longitude ?? '') as number | string,
      delivery_windows: (part?.delivery_windows ?? []) as DeliveryWindow[],
    },
  });
  const { submit, alert, pending } = usePartSubmit(customerId, 'addresses', part?.id, form, fields, onDone);
  const numberOrNull = (value: number | string) => (value === '' ? null : Number(value));
  const dayOptions = weekDays.map((value) => ({ value, label: t(`addresses.days.${value}`) }));
  const country = form.values.country.trim();

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        submit({
          label: nullIfBlank(values.label),
          line1: values.line1.trim(),
          line2: nullIfBlank(values.line2),
          city: values.city.trim(),
          region: nullIfBlank(values.region),
          postal_code: nullIfBlank(values.postal_code),
          country: values.country.trim().toUpperCase(),
          latitude: numberOrNull(values.latitude),
          longitude: numberOrNull(values.longitude),
          delivery_windows: values.delivery_windows,
        }),
      )}
    >
      <Stack>
        <FormAlert message={alert} />
        <TextInput
          label={t('addresses.label')}
          placeholder={t('addresses.labelPlaceholder')}
          data-autofocus
          {...form.getInputProps('label')}
        />
        <TextInput
          label={t('addresses.line1')}
          required
          autoComplete="address-line1"
          {...form.getInputProps('line1')}
        />
        <TextInput
          label={t('addresses.line2')}
          autoComplete="address-line2"
          {...form.getInputProps('line2')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label={t('addresses.city')}
            required
            autoComplete="address-level2"
            {...form.getInputProps('city')}
          />
          <TextInput
            label={t('addresses.region')}
            autoComplete="address-level1"
            {...form.getInputProps('region')}
          />
          <TextInput
            label={t('addresses.postal_code')}
            autoComplete="postal-code"
            {...form.getInputProps('postal_code')}
          />
          <TextInput
            label={t('addresses.country')}
            maxLength={2}
            autoComplete="country"
            description={country.length === 2 ? countryName(country, i18n.language) : undefined}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            styles={{ input: { textTransform: 'uppercase' } }}
            {...form.getInputProps('country')}
          />
          <NumberInput
            label={t('addresses.latitude')}
            min={-90}
            max={90}
            decimalScale={6}
            {...form.getInputProps('latitude')}
          />
          <NumberInput
            label={t('addresses.longitude')}
            min={-180}
            max={180}
            decimalScale={6}
            {...form.getInputProps('longitude')}
          />
        </SimpleGrid>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {t('addresses.delivery_windows')}
          </Text>
          {form.values.delivery_windows.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('addresses.noWindows')}
            </Text>
          )}
          {form.values.delivery_windows.map((_window, index) => (
            // Windows have no id of their own; their inputs are controlled, so position is identity enough.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
              <Select
                aria-label={t('addresses.day')}
                data={dayOptions}
                allowDeselect={false}
                style={{ flex: 2 }}
                {...form.getInputProps(`delivery_windows.${index}.day`)}
              />
              <TextInput
                aria-label={t('addresses.from')}
                type="time"
                style={{ flex: 1.3 }}
                {...form.getInputProps(`delivery_windows.${index}.from`)}
              />
              <TextInput
                aria-label={t('addresses.to')}
                type="time"
                style={{ flex: 1.3 }}
                {...form.getInputProps(`delivery_windows.${index}.to`)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={4}
                aria-label={t('addresses.removeWindow')}
                onClick={() => form.removeListItem('delivery_windows', index)}
              >
                <IconX size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            style={{ alignSelf: 'flex-start' }}
            onClick={() =>
              form.insertListItem('delivery_windows', { day: 'mon', from: '08:00', to: '17:00' })
            }
          >
            {t('addresses.addWindow')}
          </Button>
        </Stack>
        <FormFooter pending={pending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
