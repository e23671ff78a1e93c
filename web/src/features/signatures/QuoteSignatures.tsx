import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Checkbox,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconSignature, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { QueryError } from '../../ui/QueryError';
import { RequestCard } from './SignatureRequestsDrawer';
import {
  type SignatureRequest,
  signatureErrorMessage,
  useCreateQuoteSignatureRequest,
  useQuoteSignatureRequests,
} from './signatures.api';

interface QuoteRef {
  id: string;
  number: string | null;
  status: string;
}

/**
 * A quote's signatures on its page (staff, admins): "Send for signature" with the customer as
 * the signer, and each request's status (the document list's cards). Once every signer signed
 * the server accepts the quote; a decline declines it.
 */
export function QuoteSignatures({
  quote,
  customer,
}: {
  quote: QuoteRef;
  customer: { name: string; email: string | null } | null;
}) {
  const { t } = useTranslation();
  const list = useQuoteSignatureRequests(quote.id);
  const [sending, setSending] = useState(false);
  const open = quote.status === 'sent' || quote.status === 'viewed';
  const waiting = list.data?.data.some(
    (request) => request.status === 'pending' || request.status === 'viewed',
  );
  if (!open && list.data?.data.length === 0) return null;
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="quote-signatures">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('signatures.quote.title')}
        </Title>
        {open && !waiting && (
          <Button
            size="xs"
            leftSection={<IconSignature size={16} />}
            onClick={() => setSending(true)}
            data-testid="send-quote-for-signature"
          >
            {t('signatures.quote.send')}
          </Button>
        )}
      </Group>
      {list.isError && <QueryError error={list.error} onRetry={() => list.refetch()} />}
      {list.data?.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('signatures.quote.none')}
        </Text>
      )}
      <Stack gap="sm">
        {list.data?.data.map((request) => (
          <Stack key={request.id} gap={4}>
            <RequestCard request={request} />
            {request.quote_outcome && (
              <Text size="xs" c={request.quote_outcome === 'not_accepted' ? 'orange' : 'dimmed'}>
                {t(`signatures.quote.outcome.${request.quote_outcome}`)}
              </Text>
            )}
          </Stack>
        ))}
      </Stack>
      <Modal
        opened={sending}
        onClose={() => setSending(false)}
        title={t('signatures.quote.dialogTitle', { number: quote.number ?? '' })}
        size="lg"
        fullScreen={typeof window !== 'undefined' && window.innerWidth < 600}
      >
        {sending && <SendForm quoteId={quote.id} customer={customer} onClose={() => setSending(false)} />}
      </Modal>
    </Paper>
  );
}

let nextKey = 1;

function SendForm({
  quoteId,
  customer,
  onClose,
}: {
  quoteId: string;
  customer: { name: string; email: string | null } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateQuoteSignatureRequest(quoteId);
  const [signers, setSigners] = useState([
    { key: nextKey++, name: customer?.name ?? '', email: customer?.email ?? '' },
  ]);
  const [requireCode, setRequireCode] = useState(false);
  const [message, setMessage] = useState('');
  const [created, setCreated] = useState<SignatureRequest | null>(null);
  // The customer may arrive after the dialog opened: filled in then, unless already typed over.
  useEffect(() => {
    if (!customer) return;
    setSigners((items) =>
      items.length === 1 && !items[0]!.name && !items[0]!.email
        ? [{ key: items[0]!.key, name: customer.name, email: customer.email ?? '' }]
        : items,
    );
  }, [customer]);
  const errors = isApiError(create.error) ? create.error.fieldErrors : {};
  const change = (key: number, patch: Partial<{ name: string; email: string }>) =>
    setSigners((items) => items.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  if (created) {
    return (
      <Stack data-testid="signature-request-sent">
        <Alert color="teal">{t('signatures.dialog.sent')}</Alert>
        <Text size="sm">{t('signatures.dialog.links')}</Text>
        {created.signers.map((signer) => (
          <Group key={signer.id} justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600}>
                {signer.name}
              </Text>
              <Anchor size="xs" href={signer.signing_url} target="_blank" truncate data-testid="signing-link">
                {signer.signing_url}
              </Anchor>
            </Stack>
            <CopyButton value={signer.signing_url ?? ''}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="light" onClick={copy}>
                  {copied ? t('signatures.dialog.copied') : t('signatures.dialog.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        ))}
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('signatures.dialog.close')}</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('signatures.quote.help')}
      </Text>
      <Title order={3} size="h5">
        {t('signatures.dialog.signers')}
      </Title>
      {signers.map((signer, index) => (
        <Group key={signer.key} align="flex-start" gap="xs" wrap="wrap">
          <TextInput
            label={t('signatures.dialog.name')}
            value={signer.name}
            onChange={(event) => change(signer.key, { name: event.currentTarget.value })}
            error={errors[`signers.${index}.name`]}
            style={{ flex: '1 1 10rem' }}
            data-testid={`quote-signer-name-${index}`}
          />
          <TextInput
            label={t('signatures.dialog.email')}
            type="email"
            value={signer.email}
            onChange={(event) => change(signer.key, { email: event.currentTarget.value })}
            error={errors[`signers.${index}.email`]}
            style={{ flex: '1 1 12rem' }}
            data-testid={`quote-signer-email-${index}`}
          />
          {signers.length > 1 && (
            <ActionIcon
              variant="subtle"
              color="red"
              mt={28}
              aria-label={t('signatures.dialog.removeSigner')}
              onClick={() => setSigners((items) => items.filter((item) => item.key !== signer.key))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {errors.signers && (
        <Text size="sm" c="red">
          {errors.signers}
        </Text>
      )}
      <Button
        variant="subtle"
        size="xs"
        leftSection={<IconPlus size={14} />}
        onClick={() => setSigners((items) => [...items, { key: nextKey++, name: '', email: '' }])}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('signatures.dialog.addSigner')}
      </Button>
      <Checkbox
        label={t('signatures.dialog.requireCode')}
        checked={requireCode}
        onChange={(event) => setRequireCode(event.currentTarget.checked)}
      />
      <Textarea
        label={t('signatures.dialog.message')}
        value={message}
        onChange={(event) => setMessage(event.currentTarget.value)}
        autosize
        minRows={2}
      />
      {create.isError && Object.keys(errors).length === 0 && (
        <Alert color="red">{signatureErrorMessage(create.error, t)}</Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button
          loading={create.isPending}
          data-testid="submit-quote-signature"
          onClick={() =>
            create.mutate(
              {
                signers: signers.map((signer) => ({ name: signer.name.trim(), email: signer.email.trim() })),
                routing: 'parallel',
                fields: [],
                require_email_code: requireCode,
                message: message.trim() || null,
              },
              { onSuccess: setCreated },
            )
          }
        >
          {t('signatures.dialog.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
