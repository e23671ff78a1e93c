import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/errors';
import { notifySuccess } from '../../ui/notify';
import { useUsers } from '../auth/auth.api';
import { channelOptions, languageOptions, privacyOptions, timezoneOptions } from './customer.options';
import { type CustomerInput, useUpdateCustomer } from './customers.api';
import type { Customer } from './customers.types';

function valuesOf(customer: Customer) {
  return {
    kind: customer.kind,
    first_name: customer.first_name ?? '',
    last_name: customer.last_name ?? '',
    company_name: customer.company_name ?? '',
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    matricule: customer.matricule ?? '',
    assigned_user_id: customer.assigned_user_id,
    language_code: customer.language_code,
    timezone: customer.timezone,
    segments: customer.segments,
    privacy_level: customer.privacy_level,
    preferred_contact_channel: customer.preferred_contact_channel,
    tax_exempt: customer.tax_exempt,
  };
}

type Values = ReturnType<typeof valuesOf>;
const fields = [
  'kind',
  'first_name',
  'last_name',
  'company_name',
  'email',
  'phone',
  'matricule',
  'assigned_user_id',
  'language_code',
  'timezone',
  'segments',
  'privacy_level',
  'preferred_contact_channel',
  'tax_exempt',
] as const;

/** Only what changed goes to the server, with empty text as null. */
function patchOf(before: Values, after: Values): CustomerInput {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof Values)[]) {
    const next = after[key];
    if (JSON.stringify(next) === JSON.stringify(before[key])) continue;
    patch[key] = typeof next === 'string' && next.trim() === '' && key !== 'kind' ? null : next;
  }
  return patch as CustomerInput;
}

export function ProfileTab({ customer, readOnly }: { customer: Customer; readOnly: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateCustomer(customer.id);
  const users = useUsers();
  const [alert, setAlert] = useState<string>();
  const initial = useMemo(() => valuesOf(customer), [customer]);
  const form = useForm<Values>({ initialValues: initial });
  const zones = useMemo(() => timezoneOptions(), []);

  // A fresh copy from the server replaces the form, unless the user is mid-edit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the record's version only
  useEffect(() => {
    if (!form.isDirty()) {
      form.setInitialValues(initial);
      form.setValues(initial);
    }
  }, [customer.updated_at]);

  const isCompany = form.values.kind === 'company';
  const userOptions = (users.data?.data ?? []).map((user) => ({ value: user.id, label: user.name }));

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    const patch = patchOf(initial, values);
    if (!Object.keys(patch).length) {
      notifySuccess(t('customer.profile.noChanges'));
      return;
    }
    try {
      const saved = await update.mutateAsync(patch);
      const next = valuesOf(saved);
      form.setInitialValues(next);
      form.setValues(next);
      notifySuccess(t('common.saved'));
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <form onSubmit={submit} noValidate data-testid="profile-form">
      <Stack>
        {alert && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {alert}
          </Alert>
        )}
        <Paper withBorder p="md" radius="md">
          <Stack>
            <Title order={2} size="h4">
              {t('customer.profile.identity')}
            </Title>
            <SegmentedControl
              disabled={readOnly}
              data={[
                { value: 'individual', label: t('kinds.individual') },
                { value: 'company', label: t('kinds.company') },
              ]}
              style={{ alignSelf: 'flex-start' }}
              {...form.getInputProps('kind')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {isCompany && (
                <TextInput
                  label={t('fields.company_name')}
                  required
                  readOnly={readOnly}
                  {...form.getInputProps('company_name')}
                />
              )}
              <TextInput
                label={t('fields.first_name')}
                readOnly={readOnly}
                {...form.getInputProps('first_name')}
              />
              <TextInput
                label={t('fields.last_name')}
                readOnly={readOnly}
                {...form.getInputProps('last_name')}
              />
              <TextInput
                label={t('fields.email')}
                type="email"
                readOnly={readOnly}
                placeholder={t('placeholders.email')}
                {...form.getInputProps('email')}
              />
              <TextInput
                label={t('fields.phone')}
                type="tel"
                readOnly={readOnly}
                placeholder={t('placeholders.phone')}
                {...form.getInputProps('phone')}
              />
              <TextInput
                label={t('fields.matricule')}
                readOnly={readOnly}
                placeholder={t('placeholders.matricule')}
                {...form.getInputProps('matricule')}
              />
              <Select
                label={t('fields.assigned_user_id')}
                placeholder={t('customer.profile.unassigned')}
                data={userOptions}
                clearable
                searchable
                readOnly={readOnly}
                {...form.getInputProps('assigned_user_id')}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Stack>
            <Title order={2} size="h4">
              {t('customer.profile.preferences')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              <Select
                label={t('fields.language_code')}
                data={languageOptions(t, customer.language_code)}
                allowDeselect={false}
                readOnly={readOnly}
                {...form.getInputProps('language_code')}
              />
              <Select
                label={t('fields.timezone')}
                placeholder={t('customer.profile.timezonePlaceholder')}
                data={zones}
                searchable
                allowDeselect={false}
                readOnly={readOnly}
                limit={100}
                {...form.getInputProps('timezone')}
              />
              <Select
                label={t('fields.privacy_level')}
                data={privacyOptions(t)}
                allowDeselect={false}
                readOnly={readOnly}
                {...form.getInputProps('privacy_level')}
              />
              <Select
                label={t('fields.preferred_contact_channel')}
                data={channelOptions(t)}
                allowDeselect={false}
                readOnly={readOnly}
                {...form.getInputProps('preferred_contact_channel')}
              />
              <TagsInput
                label={t('fields.segments')}
                placeholder={readOnly ? undefined : t('placeholders.segments')}
                readOnly={readOnly}
                clearable={!readOnly}
                {...form.getInputProps('segments')}
              />
              <Switch
                label={t('fields.tax_exempt')}
                mt={{ base: 0, sm: 30 }}
                disabled={readOnly}
                {...form.getInputProps('tax_exempt', { type: 'checkbox' })}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
        {!readOnly && (
          <Group justify="flex-end">
            <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
              {t('common.reset')}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
