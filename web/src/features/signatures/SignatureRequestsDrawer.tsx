import { Anchor, Badge, Button, Drawer, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { notifyError, notifySuccess } from '../../ui/notify';
import { QueryError } from '../../ui/QueryError';
import {
  type SignatureRequest,
  useAuditTrail,
  useRequestAction,
  useSignatureRequests,
} from './signatures.api';

export const statusColors: Record<SignatureRequest['status'], string> = {
  pending: 'gray',
  viewed: 'blue',
  signed: 'teal',
  declined: 'red',
  expired: 'orange',
  cancelled: 'gray',
};

/** A document's signature requests: each signer's status, cancel, remind, the sealed PDF and the chain check. */
export function SignatureRequestsDrawer({
  document,
  onClose,
}: {
  document: { id: string; title: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const list = useSignatureRequests(document?.id ?? null);
  return (
    <Drawer
      opened={document !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={`${t('signatures.requests')} · ${document?.title ?? ''}`}
    >
      {list.isError && <QueryError error={list.error} onRetry={() => list.refetch()} />}
      {list.data?.data.length === 0 && <Text c="dimmed">{t('signatures.none')}</Text>}
      <Stack gap="sm">
        {list.data?.data.map((request) => (
          <RequestCard key={request.id} request={request} />
        ))}
      </Stack>
    </Drawer>
  );
}

export function RequestCard({ request }: { request: SignatureRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cancel = useRequestAction('cancel');
  const remind = useRequestAction('remind');
  const [confirming, setConfirming] = useState(false);
  const [auditOpen, setAuditOpen] = useState(false);
  const audit = useAuditTrail(auditOpen ? request.id : null);
  const open = request.status === 'pending' || request.status === 'viewed';
  return (
    <Paper withBorder p="sm" data-testid="signature-request">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          {t('signatures.list.sentOn', { date: format.date(request.created_at) })}
        </Text>
        <Badge color={statusColors[request.status]} data-testid="signature-request-status">
          {t(`signatures.status.${request.status}`)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t(`signatures.routing.${request.routing}`)} ·{' '}
        {t('signatures.list.expiresOn', { date: format.date(request.expires_at) })}
      </Text>
      <Stack gap={4} mt="xs">
        {request.signers.map((signer) => (
          <Group key={signer.id} justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" truncate>
              {request.routing === 'sequential' ? `${signer.signing_order}. ` : ''}
              {signer.name}{' '}
              <Text span size="xs" c="dimmed">
                {signer.email}
              </Text>
            </Text>
            <Badge size="sm" variant="light" color={statusColors[signer.status]}>
              {t(`signatures.status.${signer.status}`)}
            </Badge>
          </Group>
        ))}
      </Stack>
      {request.signers.some((signer) => signer.decline_reason) && (
        <Text size="xs" c="red" mt={4}>
          {request.signers.find((signer) => signer.decline_reason)?.decline_reason}
        </Text>
      )}
      <Group gap="xs" mt="sm">
        {request.sealed_document_id && (
          <Anchor
            size="sm"
            href={`/api/v1/documents/${request.sealed_document_id}/content`}
            data-testid="sealed-pdf"
          >
            {t('signatures.list.sealed')}
          </Anchor>
        )}
        <Button size="compact-xs" variant="subtle" onClick={() => setAuditOpen(!auditOpen)}>
          {t('signatures.list.audit')}
        </Button>
        {open && (
          <Button
            size="compact-xs"
            variant="light"
            loading={remind.isPending}
            onClick={() =>
              remind.mutate(request.id, {
                onSuccess: () => notifySuccess(t('signatures.list.reminded')),
                onError: notifyError,
              })
            }
          >
            {t('signatures.list.remind')}
          </Button>
        )}
        {open && (
          <Button size="compact-xs" variant="light" color="red" onClick={() => setConfirming(true)}>
            {t('signatures.list.cancel')}
          </Button>
        )}
      </Group>
      {auditOpen && audit.data && (
        <Stack gap={2} mt="xs" data-testid="signature-audit">
          <Badge color={audit.data.chain_valid ? 'teal' : 'red'} variant="light">
            {audit.data.chain_valid
              ? t('signatures.list.chainValid')
              : t('signatures.list.chainBroken', { seq: audit.data.broken_at?.seq })}
          </Badge>
          {audit.data.events.map((event) => (
            <Text key={event.seq} size="xs" c="dimmed">
              {event.seq}. {t(`signatures.events.${event.event}`)} · {format.dateTime(event.at)} ·{' '}
              {event.ip ?? '—'}
            </Text>
          ))}
        </Stack>
      )}
      <ConfirmModal
        opened={confirming}
        title={t('signatures.list.cancel')}
        message={t('signatures.list.confirmCancel')}
        loading={cancel.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          cancel.mutate(request.id, {
            onSuccess: () => {
              setConfirming(false);
              notifySuccess(t('signatures.list.cancelled'));
            },
            onError: notifyError,
          })
        }
      />
    </Paper>
  );
}
