import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconMail } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { useMe } from '../auth/auth.api';
import { useCustomer } from '../billing/invoices/invoices.api';
import { useInvoiceReminders, useSendInvoice } from './mail.api';

interface SendableInvoice {
  id: string;
  number: string | null;
  status: string;
  customer_id: string;
}

/**
 * "Envoyer par courriel" on an issued invoice (admins and staff): the customer's address or
 * another, an optional note; the PDF is attached by the server. Nothing for a draft or a void
 * invoice, nor for those who only read invoices.
 */
export function SendInvoiceButton({ invoice }: { invoice: SendableInvoice }) {
  const { t } = useTranslation();
  const role = useMe().data?.user?.role;
  const [opened, { open, close }] = useDisclosure(false);
  const sendable = invoice.status !== 'draft' && invoice.status !== 'void';
  if (!sendable || (role !== 'admin' && role !== 'staff')) return null;
  return (
    <>
      {/* Beside the PDF button, at the right of the page's header row. */}
      <Button
        ml="auto"
        variant="default"
        size="xs"
        leftSection={<IconMail size={16} />}
        onClick={open}
        data-testid="invoice-send-email"
      >
        {t('mail.send.button')}
      </Button>
      {opened && <SendInvoiceModal invoice={invoice} onClose={close} />}
    </>
  );
}

function SendInvoiceModal({ invoice, onClose }: { invoice: SendableInvoice; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const customer = useCustomer(invoice.customer_id);
  const reminders = useInvoiceReminders(invoice.id);
  const send = useSendInvoice(invoice.id, invoice.customer_id);
  const [to, setTo] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const address = to ?? customer.data?.email ?? '';
  const fieldErrors = isApiError(send.error) ? send.error.fieldErrors : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      ...(address && address !== customer.data?.email ? { to: address.trim() } : {}),
      ...(message.trim() ? { message: message.trim() } : {}),
    };
    send.mutate(body, {
      onSuccess: (email) => {
        if (email.status === 'suppressed') {
          notifyError(
            new Error(
              t('mail.send.suppressed', {
                reason: email.suppressed_reason ? t(`mail.reasons.${email.suppressed_reason}`) : '',
              }),
            ),
          );
        } else {
          notifySuccess(t('mail.send.queued', { to: email.to }));
        }
        onClose();
      },
      onError: (error) => {
        if (!isApiError(error) || error.errors.length === 0) notifyError(error);
      },
    });
  };

  const last = reminders.data;
  return (
    <Modal opened onClose={onClose} title={t('mail.send.title', { number: invoice.number ?? '' })}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('mail.send.to')}
            description={t('mail.send.toHelp')}
            type="email"
            required
            value={address}
            onChange={(event) => setTo(event.currentTarget.value)}
            error={fieldErrors.to}
            data-testid="send-to"
          />
          <Textarea
            label={t('mail.send.message')}
            description={t('mail.send.messageHelp')}
            autosize
            minRows={3}
            maxLength={2000}
            value={message}
            onChange={(event) => setMessage(event.currentTarget.value)}
            error={fieldErrors.message}
          />
          {last && (
            <Text size="sm" c="dimmed">
              {last.last_reminder_level
                ? t('mail.send.lastReminder', {
                    level: last.last_reminder_level,
                    date: format.date(`${last.last_reminder_date}T12:00:00`),
                  })
                : t('mail.send.noReminder')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={send.isPending}
              leftSection={<IconMail size={16} />}
              data-testid="send-submit"
            >
              {t('mail.send.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
