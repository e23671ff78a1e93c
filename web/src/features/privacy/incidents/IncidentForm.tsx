import '@mantine/dates/styles.css';
import 'dayjs/locale/fr';
import {
  Alert,
  Button,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { DatesProvider, DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconAlertTriangle, IconClockHour4 } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../lib/errors';
import { CustomerLinksInput } from './CustomerLinksInput';
import type { IncidentDetail, IncidentInput } from './incidents.types';
import { incidentStatuses, personalInformationTypes, seriousInjuryRisks } from './incidents.types';

const pickerFormat = 'YYYY-MM-DD HH:mm:ss';
/** The picker speaks local wall time; the API speaks instants. */
const toPicker = (iso: string | null) => (iso ? dayjs(iso).format(pickerFormat) : null);
const toIso = (value: string | null) => (value ? dayjs(value).toISOString() : null);
const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim());

const fields = [
  'occurred_at',
  'discovered_at',
  'description',
  'cause',
  'personal_information_types',
  'persons_count',
  'customer_ids',
  'serious_injury_risk',
  'risk_assessment',
  'measures_taken',
  'cai_notified_at',
  'persons_notified_at',
  'status',
] as const;

type Field = (typeof fields)[number];

function formValues(incident: IncidentDetail | undefined) {
  return {
    occurred_at: toPicker(incident?.occurred_at ?? null),
    discovered_at: toPicker(incident?.discovered_at ?? null),
    description: incident?.description ?? '',
    cause: incident?.cause ?? '',
    personal_information_types: (incident?.personal_information_types ?? []) as string[],
    persons_count: (incident?.persons_count ?? '') as number | string,
    customer_ids: incident?.customer_ids ?? [],
    serious_injury_risk: incident?.serious_injury_risk ?? 'under_assessment',
    risk_assessment: incident?.risk_assessment ?? '',
    measures_taken: incident?.measures_taken ?? '',
    cai_notified_at: toPicker(incident?.cai_notified_at ?? null),
    persons_notified_at: toPicker(incident?.persons_notified_at ?? null),
    status: incident?.status ?? 'open',
  };
}

type Values = ReturnType<typeof formValues>;

function toInput(values: Values): IncidentInput {
  return {
    occurred_at: toIso(values.occurred_at) ?? '',
    discovered_at: toIso(values.discovered_at) ?? '',
    description: values.description.trim(),
    cause: blankToNull(values.cause),
    personal_information_types:
      values.personal_information_types as IncidentInput['personal_information_types'],
    persons_count: Number(values.persons_count),
    customer_ids: values.customer_ids,
    serious_injury_risk: values.serious_injury_risk,
    risk_assessment: blankToNull(values.risk_assessment),
    measures_taken: blankToNull(values.measures_taken),
    cai_notified_at: toIso(values.cai_notified_at),
    persons_notified_at: toIso(values.persons_notified_at),
    status: values.status,
  };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

interface Props {
  incident?: IncidentDetail;
  saving: boolean;
  /** Receives the whole entry to create, or only the changed fields of an existing one. */
  onSubmit: (input: Partial<IncidentInput>) => Promise<void>;
  onCancel: () => void;
}

/** Create and edit: the register's fields, the risk assessment, the notices and the status. */
export function IncidentForm({ incident, saving, onSubmit, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const [alert, setAlert] = useState<string>();
  const closed = incident?.status === 'closed';
  const required = (value: unknown) =>
    value === null || value === '' || (Array.isArray(value) && value.length === 0)
      ? t('auth.errors.required')
      : null;
  const form = useForm<Values>({
    initialValues: formValues(incident),
    validate: {
      occurred_at: required,
      discovered_at: required,
      description: (value) => required(value.trim()),
      personal_information_types: required,
      persons_count: required,
    },
  });

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    const input = toInput(values);
    const body = incident
      ? Object.fromEntries(
          fields.filter((field) => form.isDirty(field)).map((field) => [field, input[field]]),
        )
      : input;
    try {
      await onSubmit(body);
      form.setInitialValues(values);
      form.resetDirty(values);
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  const dateInput = (
    field: Field & `${string}_at`,
    options: { description?: string; withNow?: boolean } = {},
  ) => {
    const label = t(`incidents.fields.${field}`);
    return (
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <DateTimePicker
          label={label}
          description={options.description}
          placeholder={t('incidents.fields.datePlaceholder')}
          valueFormat="D MMM YYYY HH:mm"
          maxDate={dayjs().endOf('day').format(pickerFormat)}
          clearable
          submitButtonProps={{ 'aria-label': t('incidents.fields.confirmDate') }}
          style={{ flex: 1, minWidth: 0 }}
          data-testid={`field-${field}`}
          {...form.getInputProps(field)}
        />
        {options.withNow && (
          <Button
            variant="default"
            leftSection={<IconClockHour4 size={16} />}
            onClick={() => form.setFieldValue(field, dayjs().second(0).format(pickerFormat))}
            aria-label={t('incidents.fields.setNow', { field: label })}
            data-testid={`now-${field}`}
            // Aligned with the input, not with its error below.
            mb={form.errors[field] ? 22 : 0}
          >
            {t('incidents.fields.now')}
          </Button>
        )}
      </Group>
    );
  };

  return (
    <DatesProvider settings={{ locale: i18n.language.startsWith('en') ? 'en' : 'fr', firstDayOfWeek: 0 }}>
      <form onSubmit={submit} noValidate data-testid="incident-form">
        <Fieldset variant="unstyled" disabled={closed}>
          <Stack gap="md">
            {alert && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                {alert}
              </Alert>
            )}
            <Section title={t('incidents.sections.incident')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {dateInput('occurred_at', { description: t('incidents.fields.occurred_at_help') })}
                {dateInput('discovered_at', { withNow: true })}
              </SimpleGrid>
              <Textarea
                label={t('incidents.fields.description')}
                required
                autosize
                minRows={3}
                name="description"
                {...form.getInputProps('description')}
              />
              <Textarea
                label={t('incidents.fields.cause')}
                autosize
                minRows={2}
                name="cause"
                {...form.getInputProps('cause')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <MultiSelect
                  label={t('incidents.fields.personal_information_types')}
                  required
                  data={personalInformationTypes.map((value) => ({
                    value,
                    label: t(`incidents.types.${value}`),
                  }))}
                  data-testid="field-personal_information_types"
                  {...form.getInputProps('personal_information_types')}
                />
                <NumberInput
                  label={t('incidents.fields.persons_count')}
                  description={t('incidents.fields.persons_count_help')}
                  required
                  min={0}
                  allowNegative={false}
                  allowDecimal={false}
                  thousandSeparator={i18n.language.startsWith('en') ? ',' : ' '}
                  name="persons_count"
                  {...form.getInputProps('persons_count')}
                />
              </SimpleGrid>
              <CustomerLinksInput
                known={incident?.customers ?? []}
                disabled={closed}
                value={form.values.customer_ids}
                onChange={(value) => form.setFieldValue('customer_ids', value)}
                error={
                  form.errors.customer_ids ??
                  Object.entries(form.errors).find(([path]) => path.startsWith('customer_ids.'))?.[1]
                }
              />
            </Section>

            <Section title={t('incidents.sections.risk')}>
              <Text size="sm" c="dimmed">
                {t('incidents.riskHelp')}
              </Text>
              <Radio.Group
                label={t('incidents.fields.serious_injury_risk')}
                {...form.getInputProps('serious_injury_risk')}
              >
                <Group gap="lg" mt={6}>
                  {seriousInjuryRisks.map((value) => (
                    <Radio key={value} value={value} label={t(`incidents.risks.${value}`)} />
                  ))}
                </Group>
              </Radio.Group>
              {form.values.serious_injury_risk === 'yes' && !form.values.cai_notified_at && (
                <Alert color="orange" icon={<IconAlertTriangle size={18} />} py="xs">
                  {t('incidents.riskNotice')}
                </Alert>
              )}
              <Textarea
                label={t('incidents.fields.risk_assessment')}
                placeholder={t('incidents.fields.risk_assessment_placeholder')}
                autosize
                minRows={4}
                name="risk_assessment"
                {...form.getInputProps('risk_assessment')}
              />
            </Section>

            <Section title={t('incidents.sections.notices')}>
              <Textarea
                label={t('incidents.fields.measures_taken')}
                placeholder={t('incidents.fields.measures_taken_placeholder')}
                autosize
                minRows={3}
                name="measures_taken"
                {...form.getInputProps('measures_taken')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {dateInput('cai_notified_at', { withNow: true })}
                {dateInput('persons_notified_at', { withNow: true })}
              </SimpleGrid>
            </Section>

            <Section title={t('incidents.sections.status')}>
              <Select
                label={t('incidents.fields.status')}
                description={t('incidents.statusHelp')}
                data={incidentStatuses.map((value) => ({ value, label: t(`incidents.statuses.${value}`) }))}
                allowDeselect={false}
                styles={{ wrapper: { maxWidth: 320 } }}
                data-testid="field-status"
                {...form.getInputProps('status')}
              />
            </Section>

            {!closed && (
              <Group justify="flex-end">
                <Button variant="default" onClick={onCancel}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={saving} data-testid="save-incident">
                  {incident ? t('common.save') : t('incidents.new')}
                </Button>
              </Group>
            )}
          </Stack>
        </Fieldset>
      </form>
    </DatesProvider>
  );
}
