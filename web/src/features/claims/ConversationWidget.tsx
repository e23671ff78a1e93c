import { ActionIcon, Alert, Badge, Button, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconHeadset, IconMessageChatbot, IconRefresh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { fetchConversation, startConversation } from './claims.api';
import type { Conversation } from './claims.types';
import { MessageComposer } from './MessageComposer';
import { MessageThread } from './MessageThread';
import { useConversationFeed } from './useConversationFeed';

const storageKey = 'atrium.claimConversation';

interface Session {
  id: string;
  token: string;
}

function storedSession(): Session | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as Session | null;
    return value?.id && value.token ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The chat panel a customer reports a claim in: the assistant's questions, then an advisor
 * when it hands over, in one thread. The conversation survives a page reload (its id and
 * token are kept for the browser tab), and the server keeps its state.
 */
export function ConversationWidget({
  language,
  height = 420,
}: {
  language: 'fr' | 'en';
  height?: number | string;
}) {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | undefined>(storedSession);
  const [loaded, setLoaded] = useState<Conversation>();
  const [error, setError] = useState<string>();
  const [claimNumber, setClaimNumber] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    if (!session) return;
    const controller = new AbortController();
    fetchConversation(session.id, session.token, controller.signal)
      .then((conversation) => {
        setLoaded(conversation);
        setClaimNumber(conversation.claim_number);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        sessionStorage.removeItem(storageKey);
        setSession(undefined);
        setError(errorMessage(failure, t));
      });
    return () => controller.abort();
  }, [session, t]);

  const feed = useConversationFeed({
    id: loaded?.id,
    token: session?.token,
    initial: loaded?.messages,
    initialPhase: loaded?.phase,
  });

  const start = async () => {
    setStarting(true);
    setError(undefined);
    try {
      const started = await startConversation(language);
      sessionStorage.setItem(storageKey, JSON.stringify({ id: started.id, token: started.token }));
      setLoaded(started);
      setClaimNumber(null);
      setSession({ id: started.id, token: started.token });
    } catch (failure) {
      setError(errorMessage(failure, t));
    } finally {
      setStarting(false);
    }
  };

  const restart = () => {
    sessionStorage.removeItem(storageKey);
    setSession(undefined);
    setLoaded(undefined);
    setClaimNumber(null);
    setError(undefined);
  };

  const send = async (text: string) => {
    setError(undefined);
    try {
      const turn = await feed.send(text);
      if (turn.claim_number) setClaimNumber(turn.claim_number);
    } catch (failure) {
      setError(errorMessage(failure, t));
      throw failure;
    }
  };

  const phase = feed.phase ?? loaded?.phase;
  return (
    <Paper withBorder radius="md" shadow="sm" data-testid="conversation-widget">
      <Group
        justify="space-between"
        p="sm"
        gap={6}
        wrap="wrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          {phase === 'ESCALADE' ? <IconHeadset size={20} /> : <IconMessageChatbot size={20} />}
          <Title order={2} size="h5">
            {t('claims.widget.title')}
          </Title>
        </Group>
        <Group gap={6} wrap="nowrap">
          {phase && (
            <Badge
              variant="light"
              color={phase === 'ESCALADE' ? 'teal' : 'blue'}
              data-testid="conversation-phase"
            >
              {t(`claims.conversation.phases.${phase}`)}
            </Badge>
          )}
          {session && (
            <Tooltip label={t('claims.widget.restart')}>
              <ActionIcon
                variant="subtle"
                size="sm"
                aria-label={t('claims.widget.restart')}
                onClick={restart}
              >
                <IconRefresh size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      {!loaded ? (
        <Stack p="md" gap="sm" align="flex-start">
          <Text size="sm" c="dimmed">
            {t('claims.widget.subtitle')}
          </Text>
          {error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" w="100%">
              {error}
            </Alert>
          )}
          <Button
            onClick={() => void start()}
            loading={starting || (!!session && !error)}
            data-testid="conversation-start"
          >
            {t('claims.widget.start')}
          </Button>
        </Stack>
      ) : (
        <Stack gap={0}>
          <MessageThread messages={feed.messages} mine="customer" height={height} />
          <Stack gap={6} p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            {(claimNumber || phase === 'ESCALADE') && (
              <Group gap="xs">
                {claimNumber && (
                  <Badge variant="outline" ff="monospace" data-testid="conversation-claim-number">
                    {t('claims.widget.claimOpened', { number: claimNumber })}
                  </Badge>
                )}
                {phase === 'ESCALADE' && (
                  <Text size="xs" c="dimmed">
                    {t('claims.widget.withAdvisor')}
                  </Text>
                )}
              </Group>
            )}
            {error && (
              <Alert
                color="red"
                icon={<IconAlertCircle size={16} />}
                role="alert"
                p="xs"
                data-testid="conversation-error"
              >
                {error}
              </Alert>
            )}
            <MessageComposer onSend={send} label={t('claims.widget.placeholder')} />
          </Stack>
        </Stack>
      )}
    </Paper>
  );
}
