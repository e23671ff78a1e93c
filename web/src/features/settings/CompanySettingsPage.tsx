import {
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { everyValueOf } from '../../lib/api-types';
import { applyServerErrors } from '../../lib/errors';
import { notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { FormAlert } from '../customers/parts/PartForm';
import { CompanyLogoCard } from './CompanyLogoCard';
import {
  type CompanySettings,
  type CompanySettingsInput,
  type TaxProfileCode,
  useCompanySettings,
  useUpdateCompanySettings,
} from './settings.api';

const taxProfiles = everyValueOf<TaxProfileCode>()(['QC', 'ON', 'NB', 'NL', 'NS', 'PE', 'GST_ONLY', 'NONE']);
const provinces = ['QC', 'ON', 'BC', 'AB', 'MB', 'SK', 'NS', 'NB', 'NL', 'PE', 'YT', 'NT', 'NU'] as const;

const fields = [
  'name',
  'legal_name',
  'address_line1',
  'address_line2',
  'city',
  'province',
  'postal_code',
  'country',
  'phone',
  'email',
  'website',
  'gst_number',
  'qst_number',
  'tax_profile',
  'document_terms_fr',
  'document_terms_en',
  'document_footer_fr',
  'document_footer_en',
] as const;

type Field = (typeof fields)[number];
type Values = Record<Field, string>;

function valuesOf(settings: CompanySettings): Values {
  return Object.fromEntries(fields.map((field) => [field, settings[field] ?? ''])) as Values;
}

/** "123456789RT0001" → "123456789 RT0001", as people read it. */
function spaced(number: string): string {
  return number.replace(/^(\d+)([A-Z]{2}\d{4})$/, '$1 $2');
}

/** The company's settings: who issues the documents, their taxes and texts (admin). */
export function CompanySettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('settings.company.title'));
  const role = useMe().data?.user?.role;
  if (role !== 'admin') {
    return (
      <Alert color="gray" icon={<IconLock size={18} />} data-testid="admin-only">
        {t('settings.company.adminOnly')}
      </Alert>
    );
  }
  return <CompanySettingsForm />;
}

function Section({ title, help, children }: { title: string; help?: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {title}
          </Title>
          {help && (
            <Text size="sm" c="dimmed">
              {help}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

function CompanySettingsForm() {
  const { t, i18n } = useTranslation();
  const settings = useCompanySettings();
  const update = useUpdateCompanySettings();
  const [alert, setAlert] = useState<string>();
  const form = useForm<Values>({ initialValues: valuesOf(emptySettings) });

  const initial = useMemo(() => (settings.data ? valuesOf(settings.data) : undefined), [settings.data]);
  // A fresh copy from the server replaces the form, unless the user is mid-edit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the saved settings only
  useEffect(() => {
    if (initial && !form.isDirty()) {
      form.setInitialValues(initial);
      form.setValues(initial);
    }
  }, [initial]);

  if (settings.isError) return <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <Skeleton height={480} radius="md" />;

  const inCanada = form.values.country.trim().toUpperCase() === 'CA';
  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    const text = (field: Field) => values[field].trim() || null;
    const body: CompanySettingsInput = {
      name: values.name.trim(),
      legal_name: text('legal_name'),
      address_line1: text('address_line1'),
      address_line2: text('address_line2'),
      city: text('city'),
      province: text('province'),
      postal_code: text('postal_code'),
      country: values.country.trim().toUpperCase(),
      phone: text('phone'),
      email: text('email'),
      website: text('website'),
      gst_number: text('gst_number'),
      qst_number: text('qst_number'),
      tax_profile: values.tax_profile as TaxProfileCode,
      document_terms_fr: text('document_terms_fr'),
      document_terms_en: text('document_terms_en'),
      document_footer_fr: text('document_footer_fr'),
      document_footer_en: text('document_footer_en'),
    };
    try {
      const saved = await update.mutateAsync(body);
      form.setInitialValues(valuesOf(saved));
      form.setValues(valuesOf(saved));
      notifySuccess(t('common.saved'));
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  const input = (field: Field) => form.getInputProps(field);

  return (
    <form onSubmit={submit} noValidate data-testid="company-settings-form">
      <Stack gap="md" maw={880}>
        <div>
          <Title order={1} size="h2">
            {t('settings.company.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('settings.company.subtitle')}
          </Text>
        </div>
        {!settings.data.is_set && (
          <Alert color="blue" data-testid="settings-defaults">
            {t('settings.company.defaults')}
          </Alert>
        )}
        <FormAlert message={alert} />

        <CompanyLogoCard settings={settings.data} />

        <Section title={t('settings.company.identity')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('settings.company.name')} required data-autofocus {...input('name')} />
            <TextInput label={t('settings.company.legal_name')} {...input('legal_name')} />
            <TextInput
              label={t('settings.company.phone')}
              type="tel"
              autoComplete="tel"
              {...input('phone')}
            />
            <TextInput
              label={t('settings.company.email')}
              type="email"
              autoComplete="email"
              {...input('email')}
            />
            <TextInput
              label={t('settings.company.website')}
              placeholder="www.exemple.ca"
              autoComplete="url"
              {...input('website')}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('settings.company.address')}>
          <TextInput label={t('addresses.line1')} autoComplete="address-line1" {...input('address_line1')} />
          <TextInput label={t('addresses.line2')} autoComplete="address-line2" {...input('address_line2')} />
          <SimpleGrid cols={{ base: 1, xs: 2, sm: 4 }}>
            <TextInput label={t('addresses.city')} autoComplete="address-level2" {...input('city')} />
            {inCanada ? (
              <Select
                label={t('settings.company.province')}
                data={provinces.map((code) => ({ value: code, label: t(`settings.provinces.${code}`) }))}
                searchable
                clearable
                data-testid="company-province"
                {...input('province')}
                value={form.values.province || null}
                onChange={(value) => form.setFieldValue('province', value ?? '')}
              />
            ) : (
              <TextInput label={t('addresses.region')} autoComplete="address-level1" {...input('province')} />
            )}
            <TextInput
              label={t('addresses.postal_code')}
              autoComplete="postal-code"
              {...input('postal_code')}
            />
            <TextInput
              label={t('addresses.country')}
              maxLength={2}
              autoComplete="country"
              description={countryName(form.values.country, i18n.language)}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              styles={{ input: { textTransform: 'uppercase' } }}
              {...input('country')}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('settings.company.taxes')} help={t('settings.company.taxesHelp')}>
          <Select
            label={t('settings.company.tax_profile')}
            data={taxProfiles.map((code) => ({ value: code, label: t(`settings.taxProfiles.${code}`) }))}
            allowDeselect={false}
            data-testid="company-tax-profile"
            {...input('tax_profile')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('settings.company.gst_number')}
              placeholder="123456789 RT0001"
              description={t('settings.company.gstHelp')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              {...input('gst_number')}
              value={spaced(form.values.gst_number)}
            />
            <TextInput
              label={t('settings.company.qst_number')}
              placeholder="1234567890 TQ0001"
              description={t('settings.company.qstHelp')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              {...input('qst_number')}
              value={spaced(form.values.qst_number)}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('settings.company.documents')} help={t('settings.company.documentsHelp')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea
              label={t('settings.company.terms_fr')}
              autosize
              minRows={2}
              {...input('document_terms_fr')}
            />
            <Textarea
              label={t('settings.company.terms_en')}
              autosize
              minRows={2}
              {...input('document_terms_en')}
            />
            <Textarea
              label={t('settings.company.footer_fr')}
              autosize
              minRows={1}
              {...input('document_footer_fr')}
            />
            <Textarea
              label={t('settings.company.footer_en')}
              autosize
              minRows={1}
              {...input('document_footer_en')}
            />
          </SimpleGrid>
        </Section>

        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending} data-testid="company-settings-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function countryName(code: string, locale: string): string | undefined {
  const value = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(value)) return undefined;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(value);
  } catch {
    return undefined;
  }
}

const emptySettings: CompanySettings = {
  name: '',
  legal_name: null,
  address_line1: null,
  address_line2: null,
  city: null,
  province: null,
  postal_code: null,
  country: 'CA',
  phone: null,
  email: null,
  website: null,
  gst_number: null,
  qst_number: null,
  tax_profile: 'QC',
  taxes: [],
  document_terms_fr: null,
  document_terms_en: null,
  document_footer_fr: null,
  document_footer_en: null,
  is_set: false,
  has_logo: false,
  logo_sha256: null,
  updated_at: null,
};
