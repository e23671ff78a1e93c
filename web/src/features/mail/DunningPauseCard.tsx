import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { notifyError, notifySuccess } from '../../ui/notify';
import { useCustomerDunning, useSetCustomerDunning } from './mail.api';

/** On the Finances tab: whether the customer's reminders run; admins pause them (with a reason) or resume them. */
export function DunningPauseCard({ customerId, canManage }: { customerId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const dunning = useCustomerDunning(customerId);
  const update = useSetCustomerDunning(customerId);
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const fieldErrors = isApiError(update.error) ? update.error.fieldErrors : {};
  if (!dunning.data) return null;
  const paused = dunning.data.dunning_paused;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!paused && !reason.trim()) {
      setMissingReason(true);
      return;
    }
    setMissingReason(false);
    const body = paused ? { paused: false } : { paused: true, reason: reason.trim() };
    update.mutate(body, {
      onSuccess: () => {
        setReason('');
        notifySuccess(t(paused ? 'mail.dunning.resumedDone' : 'mail.dunning.pausedDone'));
      },
      onError: (error) => {
        if (!isApiError(error) || error.errors.length === 0) notifyError(error);
      },
    });
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="dunning-card">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={4}>{t('mail.dunning.title')}</Title>
            <Badge color={paused ? 'orange' : 'teal'} variant="light">
              {paused ? t('mail.dunning.paused') : t('mail.dunning.active')}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {paused && dunning.data.reason
              ? t('mail.dunning.pausedBecause', { reason: dunning.data.reason })
              : t('mail.dunning.help')}
          </Text>
          {canManage && (
            <Group align="flex-end" gap="xs" wrap="wrap">
              {!paused && (
                <TextInput
                  label={t('mail.dunning.reason')}
                  value={reason}
                  onChange={(event) => setReason(event.currentTarget.value)}
                  error={missingReason ? t('mail.dunning.reasonRequired') : fieldErrors.reason}
                  maxLength={500}
                  required
                  style={{ flex: 1, minWidth: 200 }}
                  data-testid="dunning-reason"
                />
              )}
              <Button
                type="submit"
                variant="light"
                color={paused ? 'teal' : 'orange'}
                loading={update.isPending}
                leftSection={paused ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />}
              >
                {paused ? t('mail.dunning.resume') : t('mail.dunning.pause')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
