import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';

/** Asks a name (acceptance) or a reason (decline) before doing it; the server's refusal shows here. */
export function QuoteDecisionModal({
  kind,
  opened,
  loading,
  onClose,
  onConfirm,
}: {
  kind: 'accept' | 'decline';
  opened: boolean;
  loading: boolean;
  onClose: () => void;
  onConfirm: (text: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const field = kind === 'accept' ? 'name' : 'reason';
  const submit = async () => {
    if (!text.trim()) {
      setError(t('invoices.errors.required'));
      return;
    }
    setError(undefined);
    try {
      await onConfirm(text.trim());
      setText('');
    } catch (failure) {
      const fieldError = isApiError(failure)
        ? failure.errors.find((entry) => entry.path === field)
        : undefined;
      setError(fieldError ? fieldError.message : errorMessage(failure, t));
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t(`quotes.decision.${kind}Title`)} centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t(`quotes.decision.${kind}Help`)}
        </Text>
        {kind === 'accept' ? (
          <TextInput
            label={t('quotes.decision.name')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            error={error}
            data-autofocus
            data-testid="decision-text"
          />
        ) : (
          <Textarea
            label={t('quotes.decision.reason')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            error={error}
            autosize
            minRows={2}
            data-autofocus
            data-testid="decision-text"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color={kind === 'accept' ? 'green' : 'red'}
            loading={loading}
            onClick={() => void submit()}
            data-testid="decision-confirm"
          >
            {t(`quotes.decision.${kind}Confirm`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
