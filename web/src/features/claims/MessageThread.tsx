import { Box, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { ConversationMessage } from './claims.types';

/**
 * A conversation's messages as chat bubbles. `side` says whose messages are "mine" (right):
 * the customer's in the widget, the advisor's on the advisor's page. Follows the newest.
 */
export function MessageThread({
  messages,
  mine,
  height,
}: {
  messages: readonly ConversationMessage[];
  mine: ConversationMessage['author'];
  height: number | string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const viewport = useRef<HTMLDivElement>(null);
  const count = messages.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a message arrives
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [count]);

  return (
    <ScrollArea h={height} viewportRef={viewport} type="auto" offsetScrollbars>
      <Stack gap="xs" p="xs" role="log" aria-live="polite" data-testid="conversation-thread">
        {messages.map((message) => {
          const isMine = message.author === mine;
          const color =
            message.author === 'advisor' ? 'teal' : message.author === 'assistant' ? 'gray' : 'blue';
          return (
            <Group key={message.seq} justify={isMine ? 'flex-end' : 'flex-start'} wrap="nowrap">
              <Box maw="85%">
                <Text size="xs" c="dimmed" ta={isMine ? 'right' : 'left'} mb={2}>
                  {message.author_name ?? t(`claims.conversation.authors.${message.author}`)} ·{' '}
                  {format.time(message.created_at)}
                </Text>
                <Paper
                  radius="lg"
                  px="sm"
                  py={6}
                  bg={isMine ? `var(--mantine-color-${color}-filled)` : `var(--mantine-color-${color}-light)`}
                  c={isMine ? 'white' : undefined}
                  data-testid={`message-${message.author}`}
                >
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {message.text}
                  </Text>
                </Paper>
              </Box>
            </Group>
          );
        })}
      </Stack>
    </ScrollArea>
  );
}
