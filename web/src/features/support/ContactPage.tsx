import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { isApiError } from '../../lib/api';
import { applyServerErrors } from '../../lib/errors';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import { Logo } from '../../ui/Logo';
import { usePageTitle } from '../../ui/PageTitle';
import { useSubmitContact } from './support.api';
import { type TicketCategory, ticketCategories } from './support.types';

const fields = ['name', 'email', 'phone', 'subject', 'message', 'category'] as const;

const initialValues = {
  name: '',
  email: '',
  phone: '',
  category: 'general' as TicketCategory,
  subject: '',
  message: '',
  // The trap: people never see this field, robots fill it in.
  website: '',
};

/**
 * The public contact form (/contact): no sign-in, French or English, made for a phone. What is
 * sent opens a ticket; the answer is the same whatever happens to it (the trap field included).
 */
export function ContactPage() {
  const { t } = useTranslation();
  usePageTitle(t('support.contact.title'));
  const submit = useSubmitContact();
  const [sentTo, setSentTo] = useState<string>();
  const [alert, setAlert] = useState<string>();
  const form = useForm({
    initialValues,
    validate: {
      name: (value) => (value.trim() ? null : t('support.contact.required')),
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('support.contact.invalidEmail')),
      subject: (value) =>
        !value.trim()
          ? t('support.contact.required')
          : value.length > 200
            ? t('support.contact.tooLong', { max: 200 })
            : null,
      message: (value) => (value.trim() ? null : t('support.contact.required')),
    },
  });

  const send = form.onSubmit(async (values) => {
    setAlert(undefined);
    try {
      await submit.mutateAsync({
        name: values.name,
        email: values.email,
        phone: values.phone.trim() || undefined,
        category: values.category,
        subject: values.subject,
        message: values.message,
        language: currentLocale(),
        website: values.website,
      });
      setSentTo(values.email.trim());
      form.reset();
    } catch (error) {
      if (isApiError(error) && error.status === 429) setAlert(t('support.contact.rateLimited'));
      else setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <Box mih="100dvh" bg="var(--mantine-color-gray-0)" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group justify="space-between" p="md">
        <Logo />
        <LanguageSwitch />
      </Group>
      <Center flex={1} px={{ base: 'xs', sm: 'md' }} pb="xl">
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }} w="100%" maw={620}>
          {sentTo ? (
            <Stack align="center" gap="sm" py="lg" data-testid="contact-sent">
              <ThemeIcon size={48} radius="xl" color="teal" variant="light">
                <IconCircleCheck size={30} />
              </ThemeIcon>
              <Title order={1} size="h2" ta="center">
                {t('support.contact.sentTitle')}
              </Title>
              <Text ta="center" c="dimmed">
                {t('support.contact.sentBody', { email: sentTo })}
              </Text>
              <Button variant="subtle" onClick={() => setSentTo(undefined)}>
                {t('support.contact.another')}
              </Button>
            </Stack>
          ) : (
            <form onSubmit={send} noValidate data-testid="contact-form">
              <Stack gap="sm">
                <div>
                  <Title order={1} size="h2">
                    {t('support.contact.title')}
                  </Title>
                  <Text c="dimmed" size="sm" mt={4}>
                    {t('support.contact.subtitle')}
                  </Text>
                </div>
                {alert && (
                  <Alert
                    color="red"
                    icon={<IconAlertCircle size={18} />}
                    role="alert"
                    data-testid="contact-error"
                  >
                    {alert}
                  </Alert>
                )}
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TextInput
                    label={t('support.contact.name')}
                    required
                    autoComplete="name"
                    maxLength={200}
                    {...form.getInputProps('name')}
                  />
                  <TextInput
                    label={t('support.contact.email')}
                    required
                    type="email"
                    autoComplete="email"
                    inputMode="email"
                    {...form.getInputProps('email')}
                  />
                  <TextInput
                    label={t('support.contact.phone')}
                    description={t('common.optional')}
                    type="tel"
                    autoComplete="tel"
                    inputMode="tel"
                    {...form.getInputProps('phone')}
                  />
                  <Select
                    label={t('support.contact.category')}
                    data={ticketCategories.map((value) => ({
                      value,
                      label: t(`support.categories.${value}`),
                    }))}
                    allowDeselect={false}
                    comboboxProps={{ withinPortal: true }}
                    {...form.getInputProps('category')}
                  />
                </SimpleGrid>
                <TextInput
                  label={t('support.contact.subject')}
                  required
                  maxLength={200}
                  {...form.getInputProps('subject')}
                />
                <Textarea
                  label={t('support.contact.message')}
                  required
                  autosize
                  minRows={5}
                  maxRows={14}
                  maxLength={20_000}
                  {...form.getInputProps('message')}
                />
                {/* Off screen, out of the tab order, hidden from assistive technology: only robots fill it. */}
                <div
                  aria-hidden="true"
                  style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }}
                >
                  <label>
                    {t('support.contact.website')}
                    <input
                      type="text"
                      name="website"
                      tabIndex={-1}
                      autoComplete="off"
                      value={form.values.website}
                      onChange={(event) => form.setFieldValue('website', event.currentTarget.value)}
                      data-testid="contact-website"
                    />
                  </label>
                </div>
                <Text size="xs" c="dimmed">
                  {t('support.contact.privacy')}
                </Text>
                <Button type="submit" loading={submit.isPending} fullWidth data-testid="contact-send">
                  {t('support.contact.send')}
                </Button>
              </Stack>
            </form>
          )}
        </Paper>
      </Center>
    </Box>
  );
}
