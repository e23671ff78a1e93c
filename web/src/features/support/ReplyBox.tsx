import {
  Alert,
  Button,
  FileButton,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconLock, IconMessage, IconPaperclip, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { translateServerMessage } from '../../i18n';
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { notifySuccess } from '../../ui/notify';
import { useAddTicketMessage } from './support.api';
import type { MessageKind, TicketDetail } from './support.types';
import { AttachmentList, useAttachmentQueue } from './TicketAttachments';

const maxLength = 20_000;

/**
 * Where staff answer (a public reply or an internal note, visibly different) and a client
 * writes back. Ctrl+Enter (⌘+Enter) sends; the server's refusal shows under the box.
 */
export function ReplyBox({ ticket, isStaff }: { ticket: TicketDetail; isStaff: boolean }) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [kind, setKind] = useState<MessageKind>('public');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string>();
  const [alert, setAlert] = useState<string>();
  const add = useAddTicketMessage(ticket.id);
  const note = kind === 'internal_note';
  const files = useAttachmentQueue(ticket.customer_id);
  const canAttach = isStaff && ticket.customer_id !== null;

  if (!isStaff && ticket.status === 'closed') {
    return (
      <Alert color="gray" icon={<IconLock size={18} />}>
        {t('support.reply.closed')}
      </Alert>
    );
  }

  const send = async () => {
    if (add.isPending) return;
    if (!body.trim()) {
      setError(t('support.contact.required'));
      return;
    }
    setError(undefined);
    setAlert(undefined);
    // Files go to the customer's Documents first (shared with them on a public reply); a refused one stops the send.
    const attachments = await files.uploadAll(note ? 'staff' : 'client');
    if (!attachments) return;
    try {
      await add.mutateAsync({ body, kind, attachments });
      setBody('');
      files.clear();
      notifySuccess(note ? t('support.reply.noteAdded') : t('support.reply.sent'));
    } catch (failure) {
      const field = isApiError(failure) ? failure.errors.find((item) => item.path === 'body') : undefined;
      const attachmentError = isApiError(failure)
        ? failure.errors.find((item) => item.path.startsWith('attachments'))
        : undefined;
      if (field) setError(translateServerMessage(field.message));
      else if (attachmentError) setAlert(translateServerMessage(attachmentError.message));
      else setAlert(errorMessage(failure, t));
    }
  };

  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      style={
        note
          ? { background: 'var(--mantine-color-yellow-0)', borderColor: 'var(--mantine-color-yellow-6)' }
          : undefined
      }
      data-testid="reply-box"
    >
      <Stack gap="xs">
        {isStaff && (
          <SegmentedControl
            size="xs"
            value={kind}
            onChange={(value) => setKind(value as MessageKind)}
            color={note ? 'yellow' : 'blue'}
            data={[
              {
                value: 'public',
                label: (
                  <Group gap={4} wrap="nowrap" justify="center">
                    <IconMessage size={14} />
                    {t('support.thread.publicReply')}
                  </Group>
                ),
              },
              {
                value: 'internal_note',
                label: (
                  <Group gap={4} wrap="nowrap" justify="center">
                    <IconLock size={14} />
                    {t('support.thread.internalNote')}
                  </Group>
                ),
              },
            ]}
            style={{ alignSelf: 'flex-start' }}
            data-testid="reply-kind"
          />
        )}
        {alert && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {alert}
          </Alert>
        )}
        <Textarea
          aria-label={note ? t('support.thread.internalNote') : t('support.reply.label')}
          placeholder={
            note
              ? t('support.reply.notePlaceholder')
              : isStaff
                ? t('support.reply.placeholder')
                : t('support.reply.clientPlaceholder')
          }
          autosize
          minRows={3}
          maxRows={12}
          maxLength={maxLength}
          value={body}
          error={error}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            if (error) setError(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void send();
            }
          }}
          data-testid="reply-body"
        />
        {files.items.length > 0 && <AttachmentList queue={files} />}
        <Group justify="space-between" gap="xs">
          {canAttach && (
            <FileButton multiple onChange={files.add}>
              {(props) => (
                <Button
                  size="xs"
                  variant="subtle"
                  leftSection={<IconPaperclip size={14} />}
                  data-testid="attach-files"
                  {...props}
                >
                  {t('support.attachments.add')}
                </Button>
              )}
            </FileButton>
          )}
          <Text size="xs" c="dimmed" style={{ flex: 1 }}>
            {[note ? t('support.reply.noteHint') : '', isPhone ? '' : t('support.reply.shortcut')]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          <Button
            onClick={() => void send()}
            loading={add.isPending || files.uploading}
            color={note ? 'yellow' : undefined}
            c={note ? 'dark' : undefined}
            leftSection={note ? <IconLock size={16} /> : <IconSend size={16} />}
            data-testid="send-reply"
          >
            {note
              ? t('support.reply.addNote')
              : isStaff
                ? t('support.reply.send')
                : t('support.reply.sendClient')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
