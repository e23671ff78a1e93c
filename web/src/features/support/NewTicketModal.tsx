import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/errors';
import { notifySuccess } from '../../ui/notify';
import { useMe } from '../auth/auth.api';
import { CustomerPicker } from '../billing/invoices/CustomerPicker';
import { useCreateTicket } from './support.api';
import {
  type TicketCategory,
  type TicketDetail,
  type TicketPriority,
  ticketCategories,
  ticketPriorities,
} from './support.types';

const fields = ['subject', 'message', 'category', 'priority', 'customer_id'] as const;

/**
 * A new ticket: staff open one for a customer (or an internal one, with none); a client for
 * themself. The message is the request, the ticket's first message.
 */
export function NewTicketModal({
  opened,
  onClose,
  customerId,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  /** The customer it is for, chosen beforehand (the Customer 360, a filtered queue). */
  customerId?: string;
  onCreated?: (ticket: TicketDetail) => void;
}) {
  const { t } = useTranslation();
  const role = useMe().data?.user?.role;
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const create = useCreateTicket();
  const [alert, setAlert] = useState<string>();
  const form = useForm({
    initialValues: {
      subject: '',
      message: '',
      category: 'general' as TicketCategory,
      priority: 'normal' as TicketPriority,
      customer_id: (customerId ?? null) as string | null,
    },
    validate: {
      subject: (value) => (value.trim() ? null : t('support.contact.required')),
      message: (value) => (value.trim() ? null : t('support.contact.required')),
    },
  });

  const close = () => {
    form.reset();
    setAlert(undefined);
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    try {
      const ticket = await create.mutateAsync({
        subject: values.subject,
        message: values.message,
        category: values.category,
        priority: values.priority,
        ...(role === 'client' ? {} : { customer_id: values.customer_id ?? customerId ?? null }),
      });
      notifySuccess(t('support.create.created', { number: ticket.number }));
      close();
      onCreated?.(ticket);
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={t('support.create.title')} size="lg" fullScreen={isPhone}>
      <form onSubmit={submit} noValidate data-testid="ticket-form">
        <Stack gap="sm">
          {alert && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {alert}
            </Alert>
          )}
          {role !== 'client' && (
            <CustomerPicker
              label={t('support.fields.customer')}
              description={t('support.create.customerHelp')}
              placeholder={t('support.create.anyCustomer')}
              nothingFoundMessage={t('support.create.noCustomerFound')}
              value={form.values.customer_id ?? customerId ?? null}
              onChange={(id) => form.setFieldValue('customer_id', id)}
              error={form.errors.customer_id}
              data-testid="ticket-customer"
            />
          )}
          <TextInput
            label={t('support.fields.subject')}
            required
            maxLength={200}
            data-autofocus
            {...form.getInputProps('subject')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label={t('support.fields.category')}
              data={ticketCategories.map((value) => ({ value, label: t(`support.categories.${value}`) }))}
              allowDeselect={false}
              {...form.getInputProps('category')}
            />
            <Select
              label={t('support.fields.priority')}
              data={ticketPriorities.map((value) => ({ value, label: t(`support.priorities.${value}`) }))}
              allowDeselect={false}
              {...form.getInputProps('priority')}
            />
          </SimpleGrid>
          <Textarea
            label={t('support.fields.message')}
            required
            autosize
            minRows={5}
            maxRows={14}
            maxLength={20_000}
            {...form.getInputProps('message')}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="create-ticket">
              {t('support.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
