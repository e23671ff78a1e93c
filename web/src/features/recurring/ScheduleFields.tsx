import {
  Checkbox,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { Frequency } from './recurring.api';
import type { EndMode, ScheduleValues } from './schedule-form';

const frequencies: Frequency[] = ['weekly', 'monthly', 'quarterly', 'yearly'];

/** When the invoices are made: frequency, first day, end (never, a date or a count), and what happens to each. */
export function ScheduleFields({
  values,
  onChange,
  errorOf,
  fixed,
}: {
  values: ScheduleValues;
  onChange: (patch: Partial<ScheduleValues>) => void;
  errorOf: (path: string) => string | undefined;
  /** Frequency and start no longer change once an invoice was created. */
  fixed: boolean;
}) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('recurring.editor.schedule')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('recurring.fields.frequency')}
            data={frequencies.map((value) => ({ value, label: t(`recurring.frequencies.${value}`) }))}
            value={values.frequency}
            onChange={(value) => value && onChange({ frequency: value as Frequency })}
            allowDeselect={false}
            disabled={fixed}
            error={errorOf('frequency')}
            data-testid="schedule-frequency"
          />
          <TextInput
            type="date"
            label={t('recurring.fields.startDate')}
            description={t('recurring.fields.startHelp')}
            value={values.start_date}
            onChange={(event) => onChange({ start_date: event.currentTarget.value })}
            disabled={fixed}
            error={errorOf('start_date')}
            required
            data-testid="schedule-start"
          />
        </SimpleGrid>
        {fixed && (
          <Text size="xs" c="dimmed">
            {t('recurring.editor.fixed')}
          </Text>
        )}
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('recurring.fields.ends')}
          </Text>
          <SegmentedControl
            value={values.end_mode}
            onChange={(value) => onChange({ end_mode: value as EndMode })}
            data={[
              { value: 'never', label: t('recurring.fields.endsNever') },
              { value: 'on', label: t('recurring.fields.endsOn') },
              { value: 'after', label: t('recurring.fields.endsAfter') },
            ]}
            orientation={isPhone ? 'vertical' : 'horizontal'}
            fullWidth={isPhone}
            style={isPhone ? undefined : { alignSelf: 'flex-start' }}
            data-testid="schedule-end-mode"
          />
          {values.end_mode === 'on' && (
            <TextInput
              type="date"
              label={t('recurring.fields.endDate')}
              value={values.end_date}
              onChange={(event) => onChange({ end_date: event.currentTarget.value })}
              error={errorOf('end_date')}
              maw={320}
              data-testid="schedule-end-date"
            />
          )}
          {values.end_mode === 'after' && (
            <TextInput
              label={t('recurring.fields.count')}
              inputMode="numeric"
              value={values.count}
              onChange={(event) => onChange({ count: event.currentTarget.value })}
              error={errorOf('count')}
              maw={200}
              data-testid="schedule-count"
            />
          )}
        </Stack>
        <Checkbox
          label={t('recurring.fields.autoFinalize')}
          description={t('recurring.fields.autoFinalizeHelp')}
          checked={values.auto_finalize}
          onChange={(event) => onChange({ auto_finalize: event.currentTarget.checked })}
          data-testid="schedule-auto-finalize"
        />
        <Checkbox
          label={t('recurring.fields.autoSend')}
          description={t('recurring.fields.autoSendHelp')}
          checked={values.auto_finalize && values.auto_send}
          disabled={!values.auto_finalize}
          onChange={(event) => onChange({ auto_send: event.currentTarget.checked })}
          error={errorOf('auto_send')}
          data-testid="schedule-auto-send"
        />
      </Stack>
    </Paper>
  );
}
