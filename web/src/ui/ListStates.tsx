import { Paper, Skeleton, Stack, Text } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** Placeholder rows while a list loads. */
export function ListSkeleton({ rows, height = 48 }: { rows: number; height?: number }) {
  return (
    <Stack gap="xs">
      {Array.from({ length: rows }, (_, index) => `placeholder-${index}`).map((key) => (
        <Skeleton key={key} h={height} radius="sm" />
      ))}
    </Stack>
  );
}

/** What an empty list says, with the list's icon and, below, what to do about it. */
export function EmptyList({
  icon: ListIcon,
  message,
  testId,
  children,
}: {
  icon: Icon;
  message: ReactNode;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack align="center" gap="sm">
        <ListIcon size={36} stroke={1.3} color="var(--mantine-color-dimmed)" />
        <Text c="dimmed" ta="center" data-testid={testId}>
          {message}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}
