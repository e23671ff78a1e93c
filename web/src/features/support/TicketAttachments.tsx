import { ActionIcon, Group, Progress, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSize, uploadWithProgress } from '../documents/documents.api';

interface PendingFile {
  key: string;
  file: File;
  progress: number;
  /** Set once stored in the customer's Documents: a retry does not upload it twice. */
  documentId: string | null;
  error: string | null;
}

export type AttachmentQueue = ReturnType<typeof useAttachmentQueue>;

/** Files chosen for a reply, uploaded to the customer's Documents when it is sent, each with its progress. */
export function useAttachmentQueue(customerId: string | null) {
  const [items, setItems] = useState<PendingFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const update = (key: string, patch: Partial<PendingFile>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  return {
    items,
    uploading,
    add: (files: File[]) =>
      setItems((current) => [
        ...current,
        ...files.map((file) => ({
          key: `${file.name}-${Math.random()}`,
          file,
          progress: 0,
          documentId: null,
          error: null,
        })),
      ]),
    remove: (key: string) => setItems((current) => current.filter((item) => item.key !== key)),
    clear: () => setItems([]),
    /** The document ids in order, or null when a file was refused (its error is shown beside it). */
    async uploadAll(accessLevel: 'client' | 'staff'): Promise<string[] | null> {
      if (items.length === 0) return [];
      if (!customerId) return null;
      setUploading(true);
      const ids: string[] = [];
      let failed = false;
      for (const item of items) {
        if (item.documentId) {
          ids.push(item.documentId);
          continue;
        }
        try {
          const document = await uploadWithProgress(
            `/api/v1/customers/${customerId}/documents`,
            { title: item.file.name, category: 'correspondence', access_level: accessLevel },
            item.file,
            (progress) => update(item.key, { progress }),
          );
          update(item.key, { documentId: document.id, progress: 1, error: null });
          ids.push(document.id);
        } catch (error) {
          update(item.key, { error: (error as Error).message });
          failed = true;
        }
      }
      setUploading(false);
      return failed ? null : ids;
    },
  };
}

export function AttachmentList({ queue }: { queue: AttachmentQueue }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid="reply-attachments">
      {queue.items.map((item) => (
        <Stack key={item.key} gap={2}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" truncate>
              {item.file.name}{' '}
              <Text span size="xs" c="dimmed">
                ({formatSize(item.file.size)})
              </Text>
            </Text>
            <Group gap={4} wrap="nowrap">
              {item.error && (
                <Text size="xs" c="red" role="alert">
                  {t(`documents.errors.${item.error}`, { defaultValue: t('documents.errors.generic') })}
                </Text>
              )}
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                aria-label={t('support.attachments.remove', { name: item.file.name })}
                onClick={() => queue.remove(item.key)}
                disabled={queue.uploading}
              >
                <IconX size={14} />
              </ActionIcon>
            </Group>
          </Group>
          {(queue.uploading || item.progress > 0) && (
            <Progress
              size="xs"
              value={item.progress * 100}
              color={item.error ? 'red' : item.documentId ? 'green' : 'blue'}
            />
          )}
        </Stack>
      ))}
    </Stack>
  );
}
