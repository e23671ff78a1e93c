import { Button, Card, Group, Modal, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../ui/ConfirmModal';
import { EditDeleteActions } from '../../../ui/EditDeleteActions';
import { notifyError, notifySuccess } from '../../../ui/notify';
import { QueryError } from '../../../ui/QueryError';
import { useDeletePart, useParts } from '../customers.api';
import type { PartKind, PartOf } from '../customers.types';

export interface PartFormProps<T> {
  customerId: string;
  part: T | undefined;
  onDone: () => void;
}

/** The list, add, edit and delete of one kind of customer part (contacts, addresses, vehicles). */
export function PartsTab<K extends PartKind>({
  customerId,
  kind,
  readOnly,
  labels,
  describe,
  details,
  badge,
  Form,
}: {
  customerId: string;
  kind: K;
  readOnly: boolean;
  labels: { add: string; edit: string; empty: string; deleteConfirm: (name: string) => string };
  describe: (part: PartOf[K]) => string;
  details: (part: PartOf[K]) => ReactNode;
  badge?: (part: PartOf[K]) => ReactNode;
  Form: (props: PartFormProps<PartOf[K]>) => ReactNode;
}) {
  const { t } = useTranslation();
  const list = useParts(customerId, kind);
  const remove = useDeletePart(customerId, kind);
  const [editing, setEditing] = useState<PartOf[K] | 'new'>();
  const [deleting, setDeleting] = useState<PartOf[K]>();
  // While the modal fades out, `editing` is already cleared: keep the title it opened with.
  const creating = useRef(false);
  if (editing !== undefined) creating.current = editing === 'new';
  const deletingName = useRef('');
  if (deleting) deletingName.current = describe(deleting);

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(t('common.deleted'));
        setDeleting(undefined);
      },
      onError: notifyError,
    });
  };

  const parts = list.data?.data ?? [];

  return (
    <Stack>
      {!readOnly && (
        <Group justify="flex-end">
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid={`add-${kind}`}
          >
            {labels.add}
          </Button>
        </Group>
      )}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Skeleton h={110} />
          <Skeleton h={110} />
        </SimpleGrid>
      ) : parts.length === 0 && !list.isError ? (
        <Paper withBorder p="xl" radius="md">
          <Text c="dimmed" ta="center">
            {labels.empty}
          </Text>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} data-testid={`${kind}-list`}>
          {parts.map((part) => (
            <Card key={part.id} withBorder radius="md" padding="md">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {describe(part)}
                    </Text>
                    {badge?.(part)}
                  </Group>
                  {details(part)}
                </Stack>
                {!readOnly && (
                  <Group gap={4} wrap="nowrap">
                    <EditDeleteActions
                      name={describe(part)}
                      onEdit={() => setEditing(part)}
                      onDelete={() => setDeleting(part)}
                    />
                  </Group>
                )}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <Modal
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={creating.current ? labels.add : labels.edit}
        size="lg"
      >
        {editing !== undefined && (
          <Form
            customerId={customerId}
            part={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(undefined)}
          />
        )}
      </Modal>
      <ConfirmModal
        opened={!!deleting}
        title={t('common.delete')}
        message={labels.deleteConfirm(deletingName.current)}
        loading={remove.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(undefined)}
      />
    </Stack>
  );
}

/** Blank text becomes null; other values pass through. */
export function nullIfBlank(value: string): string | null {
  return value.trim() === '' ? null : value.trim();
}
