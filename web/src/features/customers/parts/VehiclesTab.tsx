import { NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import type { Vehicle } from '../customers.types';
import { FormAlert, FormFooter } from './PartForm';
import { nullIfBlank, type PartFormProps, PartsTab } from './PartsTab';
import { usePartSubmit } from './usePartSubmit';

const fields = ['vin', 'plate', 'make', 'model', 'year', 'mileage'];

export function VehiclesTab({ customerId, readOnly }: { customerId: string; readOnly: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const describe = (vehicle: Vehicle) =>
    [vehicle.year, vehicle.make, vehicle.model].filter(Boolean).join(' ') ||
    vehicle.plate ||
    vehicle.vin ||
    t('common.unknown');
  return (
    <PartsTab
      customerId={customerId}
      kind="vehicles"
      readOnly={readOnly}
      labels={{
        add: t('vehicles.add'),
        edit: t('vehicles.edit'),
        empty: t('vehicles.empty'),
        deleteConfirm: (name) => t('vehicles.deleteConfirm', { name }),
      }}
      describe={describe}
      details={(vehicle) => (
        <Stack gap={0}>
          <Text size="sm">
            {t('vehicles.plate')} :{' '}
            <Text span ff="monospace">
              {vehicle.plate ?? t('common.unknown')}
            </Text>
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {t('vehicles.vin')} :{' '}
            <Text span ff="monospace">
              {vehicle.vin ?? t('common.unknown')}
            </Text>
          </Text>
          {vehicle.mileage !== null && (
            <Text size="sm" c="dimmed">
              {t('vehicles.mileageValue', { value: format.number(vehicle.mileage) })}
            </Text>
          )}
        </Stack>
      )}
      Form={VehicleForm}
    />
  );
}

function VehicleForm({ customerId, part, onDone }: PartFormProps<Vehicle>) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: {
      vin: part?.vin ?? '',
      plate: part?.plate ?? '',
      make: part?.make ?? '',
      model: part?.model ?? '',
      year: (part?.year ?? '') as number | string,
      mileage: (part?.mileage ?? '') as number | string,
    },
  });
  const { submit, alert, pending } = usePartSubmit(customerId, 'vehicles', part?.id, form, fields, onDone);
  const numberOrNull = (value: number | string) => (value === '' ? null : Number(value));
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        submit({
          vin: nullIfBlank(values.vin),
          plate: nullIfBlank(values.plate),
          make: nullIfBlank(values.make),
          model: nullIfBlank(values.model),
          year: numberOrNull(values.year),
          mileage: numberOrNull(values.mileage),
        }),
      )}
    >
      <Stack>
        <FormAlert message={alert} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label={t('vehicles.make')} data-autofocus {...form.getInputProps('make')} />
          <TextInput label={t('vehicles.model')} {...form.getInputProps('model')} />
          <NumberInput
            label={t('vehicles.year')}
            min={1900}
            max={new Date().getFullYear() + 2}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('year')}
          />
          <NumberInput
            label={t('vehicles.mileage')}
            suffix=" km"
            thousandSeparator=" "
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('mileage')}
          />
          <TextInput
            label={t('vehicles.plate')}
            styles={{
              input: { fontFamily: 'var(--mantine-font-family-monospace)', textTransform: 'uppercase' },
            }}
            {...form.getInputProps('plate')}
          />
          <TextInput
            label={t('vehicles.vin')}
            maxLength={17}
            styles={{
              input: { fontFamily: 'var(--mantine-font-family-monospace)', textTransform: 'uppercase' },
            }}
            {...form.getInputProps('vin')}
          />
        </SimpleGrid>
        <FormFooter pending={pending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
