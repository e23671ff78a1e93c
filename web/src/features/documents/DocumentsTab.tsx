import {
  Anchor,
  Badge,
  Button,
  Drawer,
  FileButton,
  Group,
  Modal,
  Paper,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconDownload, IconEye, IconHistory, IconUpload } from '@tabler/icons-react';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { QueryError } from '../../ui/QueryError';
import {
  type CustomerDocument,
  formatSize,
  uploadWithProgress,
  useAccessLog,
  useCustomerDocuments,
  useRefreshDocuments,
} from './documents.api';

const levels = ['public', 'client', 'staff', 'admin'] as const;
const inline = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif']);

interface QueuedUpload {
  key: string;
  name: string;
  progress: number;
  error: string | null;
  done: boolean;
}

/** The Customer 360's Documents tab: drop several files (each with its progress), list, preview, versions, access log. */
export function DocumentsTab({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useCustomerDocuments(customerId);
  const refresh = useRefreshDocuments(customerId);
  const [queue, setQueue] = useState<QueuedUpload[]>([]);
  const [level, setLevel] = useState<string>('staff');
  const [dragging, setDragging] = useState(false);
  const [preview, setPreview] = useState<CustomerDocument | null>(null);
  const [logFor, setLogFor] = useState<string | null>(null);

  const send = (files: File[], url: string, fields: Record<string, string>) => {
    for (const file of files) {
      const key = `${file.name}-${Math.random()}`;
      setQueue((items) => [...items, { key, name: file.name, progress: 0, error: null, done: false }]);
      const update = (patch: Partial<QueuedUpload>) =>
        setQueue((items) => items.map((item) => (item.key === key ? { ...item, ...patch } : item)));
      uploadWithProgress(url, fields, file, (progress) => update({ progress }))
        .then(() => {
          update({ progress: 1, done: true });
          void refresh();
        })
        .catch((error: Error) => update({ error: error.message }));
    }
  };
  const upload = (files: File[]) =>
    send(files, `/api/v1/customers/${customerId}/documents`, { access_level: level, category: 'other' });

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (canWrite) upload([...event.dataTransfer.files]);
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="customer-documents">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('documents.title')}
        </Title>
        {canWrite && (
          <Paper
            withBorder
            p="lg"
            radius="md"
            style={{
              borderStyle: 'dashed',
              background: dragging ? 'var(--mantine-color-blue-light)' : undefined,
            }}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="documents-dropzone"
          >
            <Group justify="space-between" wrap="wrap">
              <Text c="dimmed">{t('documents.drop')}</Text>
              <Group gap="xs">
                <Select
                  size="xs"
                  aria-label={t('documents.accessLevel')}
                  data={levels.map((value) => ({ value, label: t(`documents.levels.${value}`) }))}
                  value={level}
                  onChange={(value) => setLevel(value ?? 'staff')}
                  allowDeselect={false}
                  w={140}
                />
                <FileButton multiple onChange={(files) => upload(files)}>
                  {(props) => (
                    <Button size="xs" leftSection={<IconUpload size={14} />} {...props}>
                      {t('documents.choose')}
                    </Button>
                  )}
                </FileButton>
              </Group>
            </Group>
          </Paper>
        )}
        {queue.map((item) => (
          <Stack key={item.key} gap={2} data-testid="documents-upload">
            <Group justify="space-between">
              <Text size="sm" truncate>
                {item.name}
              </Text>
              <Text size="xs" c={item.error ? 'red' : 'dimmed'}>
                {item.error
                  ? t(`documents.errors.${item.error}`, { defaultValue: t('documents.errors.generic') })
                  : item.done
                    ? t('documents.uploaded')
                    : `${Math.round(item.progress * 100)} %`}
              </Text>
            </Group>
            <Progress value={item.progress * 100} color={item.error ? 'red' : item.done ? 'green' : 'blue'} />
          </Stack>
        ))}
        {list.isError && <QueryError error={list.error} onRetry={() => list.refetch()} />}
        {list.data && list.data.data.length === 0 && <Text c="dimmed">{t('documents.none')}</Text>}
        {list.data && list.data.data.length > 0 && (
          <Table.ScrollContainer minWidth={600}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('documents.columns.title')}</Table.Th>
                  <Table.Th>{t('documents.columns.category')}</Table.Th>
                  <Table.Th>{t('documents.accessLevel')}</Table.Th>
                  <Table.Th>{t('documents.columns.size')}</Table.Th>
                  <Table.Th>{t('documents.columns.date')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.data.map((document) => (
                  <Table.Tr key={document.id} data-testid="document-row">
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {document.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {document.version.file_name} · v{document.current_version}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`documents.categories.${document.category}`)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t(`documents.levels.${document.access_level}`)}</Badge>
                    </Table.Td>
                    <Table.Td>{formatSize(document.version.size)}</Table.Td>
                    <Table.Td>{format.date(document.updated_at)}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {inline.has(document.version.mime_type) && (
                          <Button size="compact-xs" variant="subtle" onClick={() => setPreview(document)}>
                            <IconEye size={14} aria-label={t('documents.preview')} />
                          </Button>
                        )}
                        <Anchor
                          href={`/api/v1/documents/${document.id}/content`}
                          aria-label={t('documents.download')}
                        >
                          <IconDownload size={16} />
                        </Anchor>
                        {canWrite && (
                          <FileButton
                            onChange={(file) =>
                              file && send([file], `/api/v1/documents/${document.id}/versions`, {})
                            }
                          >
                            {(props) => (
                              <Button size="compact-xs" variant="subtle" {...props}>
                                {t('documents.newVersion')}
                              </Button>
                            )}
                          </FileButton>
                        )}
                        {canWrite && (
                          <Button size="compact-xs" variant="subtle" onClick={() => setLogFor(document.id)}>
                            <IconHistory size={14} aria-label={t('documents.accessLog')} />
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Modal opened={preview !== null} onClose={() => setPreview(null)} title={preview?.title} size="xl">
        {preview &&
          (preview.version.mime_type === 'application/pdf' ? (
            <iframe
              title={preview.title}
              src={`/api/v1/documents/${preview.id}/preview`}
              style={{ width: '100%', height: '70vh', border: 0 }}
            />
          ) : (
            <img
              alt={preview.title}
              src={`/api/v1/documents/${preview.id}/preview`}
              style={{ maxWidth: '100%', display: 'block', margin: '0 auto' }}
            />
          ))}
      </Modal>
      <AccessLogDrawer documentId={logFor} onClose={() => setLogFor(null)} />
    </Paper>
  );
}

function AccessLogDrawer({ documentId, onClose }: { documentId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const log = useAccessLog(documentId);
  return (
    <Drawer opened={documentId !== null} onClose={onClose} position="right" title={t('documents.accessLog')}>
      {log.isError && <QueryError error={log.error} onRetry={() => log.refetch()} />}
      <Stack gap="xs">
        {log.data?.data.map((entry) => (
          <Paper key={entry.id} withBorder p="xs" data-testid="access-log-entry">
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                {t(`documents.actions.${entry.action}`)} · v{entry.version}
              </Text>
              {entry.outcome !== 'ok' && <Badge color="red">{t('documents.integrityFailed')}</Badge>}
            </Group>
            <Text size="xs">{entry.user_name ?? entry.role}</Text>
            <Text size="xs" c="dimmed">
              {format.dateTime(entry.at)} · {entry.ip ?? '—'}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {entry.user_agent ?? ''}
            </Text>
          </Paper>
        ))}
      </Stack>
    </Drawer>
  );
}
