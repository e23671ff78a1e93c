import { Alert, Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconHandGrab, IconInfoCircle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../lib/errors';
import { notifyError } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { claimsKey, fetchConversation, useTakeConversation } from './claims.api';
import { MessageComposer } from './MessageComposer';
import { MessageThread } from './MessageThread';
import { useConversationFeed } from './useConversationFeed';

/** The advisor's side of a conversation: the whole thread, take it, answer in the same thread. */
export function ConversationPage() {
  const { t } = useTranslation();
  usePageTitle(t('claims.conversation.title'));
  const { id = '' } = useParams();
  const me = useMe().data?.user;
  const queryClient = useQueryClient();
  const conversationKey = [...claimsKey, 'conversation', id];
  const query = useQuery({
    queryKey: conversationKey,
    queryFn: ({ signal }) => fetchConversation(id, undefined, signal),
  });
  const take = useTakeConversation();
  const [error, setError] = useState<string>();
  const feed = useConversationFeed({
    id: query.data?.id,
    initial: query.data?.messages,
    initialPhase: query.data?.phase,
  });

  if (query.isPending) return <Skeleton h={300} />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const conversation = query.data;
  const phase = feed.phase ?? conversation.phase;
  const mine = !!me && conversation.assigned_to === me.id;
  const send = async (text: string) => {
    setError(undefined);
    try {
      await feed.send(text);
    } catch (failure) {
      setError(errorMessage(failure, t));
      throw failure;
    }
  };

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/claims/dashboard" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('claims.conversation.back')}
        </Group>
      </Anchor>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={4}>
            <Title order={1} size="h3">
              {conversation.customer_name ?? t('claims.dashboard.anonymous')}
            </Title>
            <Group gap="xs">
              <Badge
                variant="light"
                color={phase === 'ESCALADE' ? 'teal' : 'blue'}
                data-testid="conversation-phase"
              >
                {t(`claims.conversation.phases.${phase}`)}
              </Badge>
              {conversation.claim_id && conversation.claim_number && (
                <Anchor component={Link} to={`/claims/${conversation.claim_id}`} size="sm" ff="monospace">
                  {t('claims.conversation.claimLink', { number: conversation.claim_number })}
                </Anchor>
              )}
              {conversation.assignee_name && (
                <Text size="sm" c="dimmed">
                  {t('claims.conversation.takenBy', { name: conversation.assignee_name })}
                </Text>
              )}
            </Group>
          </Stack>
          {phase === 'ESCALADE' && !conversation.assigned_to && (
            <Button
              leftSection={<IconHandGrab size={16} />}
              loading={take.isPending}
              onClick={() =>
                take.mutate(id, {
                  onSuccess: (taken) => queryClient.setQueryData(conversationKey, taken),
                  onError: notifyError,
                })
              }
              data-testid="conversation-take"
            >
              {t('claims.conversation.take')}
            </Button>
          )}
        </Group>
      </Paper>
      <Paper withBorder radius="md">
        <MessageThread messages={feed.messages} mine="advisor" height="min(60dvh, 560px)" />
        <Stack gap={6} p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          {phase !== 'ESCALADE' && (
            <Alert color="blue" icon={<IconInfoCircle size={16} />} p="xs">
              {t('claims.conversation.notEscalated')}
            </Alert>
          )}
          {error && (
            <Alert color="red" p="xs" role="alert">
              {error}
            </Alert>
          )}
          <MessageComposer
            onSend={send}
            disabled={!mine || phase !== 'ESCALADE'}
            label={t('claims.conversation.reply')}
          />
        </Stack>
      </Paper>
    </Stack>
  );
}
