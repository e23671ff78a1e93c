import { Badge, Checkbox, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../lib/format';
import { channelOptions } from '../customer.options';
import type { Contact, ContactChannel } from '../customers.types';
import { FormAlert, FormFooter } from './PartForm';
import { nullIfBlank, type PartFormProps, PartsTab } from './PartsTab';
import { usePartSubmit } from './usePartSubmit';

const fields = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'role',
  'is_primary',
  'preferred_contact_channel',
];

function contactName(contact: Contact) {
  return [contact.first_name, contact.last_name].filter(Boolean).join(' ');
}

export function ContactsTab({ customerId, readOnly }: { customerId: string; readOnly: boolean }) {
  const { t } = useTranslation();
  return (
    <PartsTab
      customerId={customerId}
      kind="contacts"
      readOnly={readOnly}
      labels={{
        add: t('contacts.add'),
        edit: t('contacts.edit'),
        empty: t('contacts.empty'),
        deleteConfirm: (name) => t('contacts.deleteConfirm', { name }),
      }}
      describe={contactName}
      badge={(contact) =>
        contact.is_primary ? (
          <Badge size="xs" variant="light" color="teal">
            {t('contacts.primary')}
          </Badge>
        ) : null
      }
      details={(contact) => (
        <Stack gap={0}>
          {contact.role && (
            <Text size="sm" c="dimmed">
              {contact.role}
            </Text>
          )}
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {[contact.email, contact.phone ? formatPhone(contact.phone) : null].filter(Boolean).join(' · ') ||
              t('common.unknown')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('fields.preferred_contact_channel')} : {t(`channels.${contact.preferred_contact_channel}`)}
          </Text>
        </Stack>
      )}
      Form={ContactForm}
    />
  );
}

function ContactForm({ customerId, part, onDone }: PartFormProps<Contact>) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: {
      first_name: part?.first_name ?? '',
      last_name: part?.last_name ?? '',
      email: part?.email ?? '',
      phone: part?.phone ?? '',
      role: part?.role ?? '',
      is_primary: part?.is_primary ?? false,
      preferred_contact_channel: (part?.preferred_contact_channel ?? 'email') as ContactChannel,
    },
  });
  const { submit, alert, pending } = usePartSubmit(customerId, 'contacts', part?.id, form, fields, onDone);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        submit({
          first_name: values.first_name.trim(),
          last_name: nullIfBlank(values.last_name),
          email: nullIfBlank(values.email),
          phone: nullIfBlank(values.phone),
          role: nullIfBlank(values.role),
          is_primary: values.is_primary,
          preferred_contact_channel: values.preferred_contact_channel,
        }),
      )}
    >
      <Stack>
        <FormAlert message={alert} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label={t('fields.first_name')}
            required
            data-autofocus
            {...form.getInputProps('first_name')}
          />
          <TextInput label={t('fields.last_name')} {...form.getInputProps('last_name')} />
          <TextInput
            label={t('fields.email')}
            type="email"
            placeholder={t('placeholders.email')}
            {...form.getInputProps('email')}
          />
          <TextInput
            label={t('fields.phone')}
            type="tel"
            placeholder={t('placeholders.phone')}
            {...form.getInputProps('phone')}
          />
          <TextInput
            label={t('contacts.role')}
            placeholder={t('contacts.rolePlaceholder')}
            {...form.getInputProps('role')}
          />
          <Select
            label={t('fields.preferred_contact_channel')}
            data={channelOptions(t)}
            allowDeselect={false}
            {...form.getInputProps('preferred_contact_channel')}
          />
        </SimpleGrid>
        <Checkbox
          label={t('contacts.is_primary')}
          {...form.getInputProps('is_primary', { type: 'checkbox' })}
        />
        <FormFooter pending={pending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
