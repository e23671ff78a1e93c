import { ActionIcon, Group, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const maxLength = 4000;

/** A message box: Enter sends, Shift+Enter breaks the line; the error shows under it. */
export function MessageComposer({
  onSend,
  disabled,
  label,
  error,
}: {
  onSend: (text: string) => Promise<unknown>;
  disabled?: boolean;
  label: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [localError, setLocalError] = useState<string>();

  const submit = async () => {
    const value = text.trim();
    if (!value) {
      setLocalError(t('claims.widget.required'));
      return;
    }
    if (value.length > maxLength) {
      setLocalError(t('claims.widget.tooLong', { max: maxLength }));
      return;
    }
    setBusy(true);
    setLocalError(undefined);
    try {
      await onSend(value);
      setText('');
    } catch {
      // The caller shows what went wrong; the text stays to be sent again.
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Textarea
          aria-label={label}
          placeholder={t('claims.widget.placeholder')}
          autosize
          minRows={1}
          maxRows={5}
          value={text}
          disabled={disabled}
          error={localError ?? error}
          onChange={(event) => {
            setText(event.currentTarget.value);
            if (localError) setLocalError(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void submit();
            }
          }}
          style={{ flex: 1 }}
          data-testid="conversation-input"
        />
        <ActionIcon
          type="submit"
          size={36}
          radius="xl"
          loading={busy}
          disabled={disabled}
          aria-label={t('claims.widget.send')}
          data-testid="conversation-send"
        >
          <IconSend size={18} />
        </ActionIcon>
      </Group>
    </form>
  );
}
