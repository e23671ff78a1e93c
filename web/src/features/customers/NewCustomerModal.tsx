import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applyServerErrors } from '../../lib/errors';
import { notifySuccess } from '../../ui/notify';
import { channelOptions, languageOptions, privacyOptions } from './customer.options';
import { useCreateCustomer } from './customers.api';
import type { ContactChannel, CustomerKind, PrivacyLevel } from './customers.types';

const fields = [
  'kind',
  'first_name',
  'last_name',
  'company_name',
  'email',
  'phone',
  'matricule',
  'segments',
  'privacy_level',
  'language_code',
  'preferred_contact_channel',
] as const;

const initialValues = {
  kind: 'individual' as CustomerKind,
  first_name: '',
  last_name: '',
  company_name: '',
  email: '',
  phone: '',
  matricule: '',
  segments: [] as string[],
  privacy_level: 'normal' as PrivacyLevel,
  language_code: 'fr-CA',
  preferred_contact_channel: 'email' as ContactChannel,
};

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim());

export function NewCustomerModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCustomer();
  const [alert, setAlert] = useState<string>();
  const form = useForm({ initialValues });
  const isCompany = form.values.kind === 'company';

  const close = () => {
    form.reset();
    setAlert(undefined);
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    try {
      const customer = await create.mutateAsync({
        kind: values.kind,
        first_name: isCompany ? null : blankToNull(values.first_name),
        last_name: isCompany ? null : blankToNull(values.last_name),
        company_name: isCompany ? blankToNull(values.company_name) : null,
        email: blankToNull(values.email),
        phone: blankToNull(values.phone),
        matricule: blankToNull(values.matricule),
        segments: values.segments,
        privacy_level: values.privacy_level,
        language_code: values.language_code,
        preferred_contact_channel: values.preferred_contact_channel,
      });
      notifySuccess(t('customers.createdNotice', { name: customer.display_name }));
      close();
      await navigate(`/customers/${customer.id}`);
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={t('customers.new')} size="lg" fullScreen={false}>
      <form onSubmit={submit} noValidate data-testid="new-customer-form">
        <Stack>
          {alert && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {alert}
            </Alert>
          )}
          <SegmentedControl
            fullWidth
            data={[
              { value: 'individual', label: t('kinds.individual') },
              { value: 'company', label: t('kinds.company') },
            ]}
            {...form.getInputProps('kind')}
          />
          {isCompany ? (
            <TextInput
              label={t('fields.company_name')}
              required
              data-autofocus
              name="company_name"
              {...form.getInputProps('company_name')}
            />
          ) : (
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                label={t('fields.first_name')}
                data-autofocus
                name="first_name"
                {...form.getInputProps('first_name')}
              />
              <TextInput
                label={t('fields.last_name')}
                name="last_name"
                {...form.getInputProps('last_name')}
              />
            </SimpleGrid>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label={t('fields.email')}
              type="email"
              name="email"
              placeholder={t('placeholders.email')}
              {...form.getInputProps('email')}
            />
            <TextInput
              label={t('fields.phone')}
              type="tel"
              name="phone"
              placeholder={t('placeholders.phone')}
              {...form.getInputProps('phone')}
            />
            <TextInput
              label={t('fields.matricule')}
              name="matricule"
              placeholder={t('placeholders.matricule')}
              {...form.getInputProps('matricule')}
            />
            <Select
              label={t('fields.language_code')}
              data={languageOptions(t)}
              allowDeselect={false}
              {...form.getInputProps('language_code')}
            />
            <Select
              label={t('fields.privacy_level')}
              data={privacyOptions(t)}
              allowDeselect={false}
              {...form.getInputProps('privacy_level')}
            />
            <Select
              label={t('fields.preferred_contact_channel')}
              data={channelOptions(t)}
              allowDeselect={false}
              {...form.getInputProps('preferred_contact_channel')}
            />
          </SimpleGrid>
          <TagsInput
            label={t('fields.segments')}
            placeholder={t('placeholders.segments')}
            clearable
            {...form.getInputProps('segments')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('customers.new')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
