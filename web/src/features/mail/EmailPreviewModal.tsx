import { Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { QueryError } from '../../ui/QueryError';
import { EmailStatusBadge } from './EmailStatusBadge';
import { useEmail } from './mail.api';

/**
 * One message as it was (or will be) sent. Its HTML is shown in a sandboxed frame: no script,
 * no form, no navigation of this page, whatever the message holds.
 */
export function EmailPreviewModal({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const email = useEmail(id);
  return (
    <Modal opened={id !== null} onClose={onClose} title={t('mail.previewTitle')} size="xl">
      {email.isPending && <Skeleton h={400} />}
      {email.error && <QueryError error={email.error} onRetry={() => void email.refetch()} />}
      {email.data && (
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap">
            <Text fw={600}>{email.data.subject}</Text>
            <EmailStatusBadge email={email.data} />
          </Group>
          <Text size="sm" c="dimmed">
            {email.data.to ?? '—'} · {format.dateTime(email.data.sent_at ?? email.data.created_at)}
          </Text>
          {email.data.attachments.length > 0 && (
            <Group gap={4}>
              <IconPaperclip size={14} />
              <Text size="sm">{t('mail.attachment')}</Text>
            </Group>
          )}
          <iframe
            title={t('mail.previewFrame')}
            sandbox=""
            srcDoc={email.data.html}
            style={{
              width: '100%',
              height: '60vh',
              border: '1px solid var(--mantine-color-gray-3)',
              borderRadius: 8,
            }}
            data-testid="email-preview"
          />
        </Stack>
      )}
    </Modal>
  );
}
