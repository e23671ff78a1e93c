import { ActionIcon, Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconArchive,
  IconArchiveOff,
  IconDots,
  IconDownload,
  IconFileZip,
  IconUserOff,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiBlob, downloadBlob } from '../../lib/api';
import { notifyError, notifySuccess } from '../../ui/notify';
import type { Role } from '../auth/auth.api';
import { useArchiveCustomer, useInvalidateCustomer } from './customers.api';
import type { Customer } from './customers.types';

function fileSlug(name: string) {
  return (
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'client'
  );
}

export function CustomerActions({ customer, role }: { customer: Customer; role: Role | undefined }) {
  const { t } = useTranslation();
  const [anonymizing, { open: openAnonymize, close: closeAnonymize }] = useDisclosure();
  const archive = useArchiveCustomer(customer.id);
  const isPhone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const invalidate = useInvalidateCustomer(customer.id);
  const canExport = role === 'admin' || role === 'staff';
  const canArchive = (role === 'admin' || role === 'staff') && !customer.anonymized_at;
  const canAnonymize = role === 'admin' && !customer.anonymized_at;

  const exportData = useMutation({
    // The zip carries the documents' files beside the JSON.
    mutationFn: async (format: 'json' | 'zip') => ({
      format,
      document: await apiBlob(`/api/v1/customers/${customer.id}/export?format=${format}`),
    }),
    onSuccess: async ({ format, document }) => {
      const day = new Date().toISOString().slice(0, 10);
      downloadBlob(document, `atrium-${fileSlug(customer.display_name)}-${day}.${format}`);
      notifySuccess(t('customer.exported'));
      await invalidate();
    },
    onError: notifyError,
  });

  const toggleArchive = () =>
    archive.mutate(!customer.archived_at, {
      onSuccess: (updated) =>
        notifySuccess(updated.archived_at ? t('customer.archivedNotice') : t('customer.restoredNotice')),
      onError: notifyError,
    });

  if (!canExport && !canArchive && !canAnonymize) return null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          {isPhone ? (
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('customer.actions.menu')}
              loading={exportData.isPending || archive.isPending}
              data-testid="customer-actions"
            >
              <IconDots size={18} />
            </ActionIcon>
          ) : (
            <Button
              variant="default"
              rightSection={<IconDots size={16} />}
              loading={exportData.isPending || archive.isPending}
              data-testid="customer-actions"
            >
              {t('customer.actions.menu')}
            </Button>
          )}
        </Menu.Target>
        <Menu.Dropdown>
          {canExport && (
            <>
              <Menu.Item leftSection={<IconDownload size={16} />} onClick={() => exportData.mutate('json')}>
                {t('customer.actions.export')}
              </Menu.Item>
              <Menu.Item leftSection={<IconFileZip size={16} />} onClick={() => exportData.mutate('zip')}>
                {t('customer.actions.exportZip')}
              </Menu.Item>
            </>
          )}
          {canArchive && (
            <Menu.Item
              leftSection={customer.archived_at ? <IconArchiveOff size={16} /> : <IconArchive size={16} />}
              onClick={toggleArchive}
            >
              {customer.archived_at ? t('customer.actions.restore') : t('customer.actions.archive')}
            </Menu.Item>
          )}
          {canAnonymize && (
            <>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconUserOff size={16} />} onClick={openAnonymize}>
                {t('customer.actions.anonymize')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {canAnonymize && <AnonymizeModal customer={customer} opened={anonymizing} onClose={closeAnonymize} />}
    </>
  );
}

function AnonymizeModal({
  customer,
  opened,
  onClose,
}: {
  customer: Customer;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const invalidate = useInvalidateCustomer(customer.id);
  const anonymize = useMutation({
    mutationFn: () =>
      api<Customer>(`/api/v1/customers/${customer.id}/anonymize`, {
        method: 'POST',
        body: { confirm: true },
      }),
    onSuccess: async () => {
      notifySuccess(t('customer.anonymize.done'));
      close();
      await invalidate();
    },
    onError: notifyError,
  });
  const matches = typed.trim() === customer.display_name.trim();
  const close = () => {
    setTyped('');
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('customer.anonymize.title')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (matches) anonymize.mutate();
        }}
      >
        <Stack>
          <Alert color="red" icon={<IconAlertTriangle size={18} />}>
            {t('customer.anonymize.warning')}
          </Alert>
          <TextInput
            label={
              <Text span size="sm">
                {t('customer.anonymize.typeName', { name: customer.display_name })}
              </Text>
            }
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={anonymize.isPending}>
              {t('customer.anonymize.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
