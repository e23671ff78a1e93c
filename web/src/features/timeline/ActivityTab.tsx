import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  MultiSelect,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { translateIfKnown } from '../../lib/i18n-dynamic';
import { QueryError } from '../../ui/QueryError';
import { useUsers } from '../auth/auth.api';
import { activityColors, activityIcons, activityLabel } from './activity.labels';
import { LogActivityForm } from './LogActivityForm';
import { useTimeline } from './timeline.api';
import { type Activity, type ActivityType, activityTypes, isActivityType } from './timeline.types';

// The chart library is large: it loads with the Activité tab, not with the app.
const ActivityChart = lazy(() =>
  import('./ActivityChart').then((module) => ({ default: module.ActivityChart })),
);

function dayKey(iso: string) {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

export function ActivityTab({ customerId, readOnly }: { customerId: string; readOnly: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const types = useMemo(
    () => (params.get('types') ?? '').split(',').filter(isActivityType) as ActivityType[],
    [params],
  );
  const timeline = useTimeline(customerId, types);
  const users = useUsers();
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;

  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const setTypes = (values: string[]) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (values.length) next.set('types', values.join(','));
        else next.delete('types');
        return next;
      },
      { replace: true },
    );

  const userNames = new Map((users.data?.data ?? []).map((user) => [user.id, user.name]));
  const actorOf = (activity: Activity) =>
    (activity.actor_id ? userNames.get(activity.actor_id) : undefined) ??
    translateIfKnown(t, `timeline.by.${activity.actor_type}`) ??
    activity.actor_type;

  const activities = timeline.data?.pages.flatMap((page) => page.data) ?? [];
  const days: { key: string; first: string; items: Activity[] }[] = [];
  for (const activity of activities) {
    const key = dayKey(activity.created_at);
    const last = days.at(-1);
    if (last?.key === key) last.items.push(activity);
    else days.push({ key, first: activity.created_at, items: [activity] });
  }

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: readOnly ? 1 : 2 }}>
        <Suspense fallback={<Skeleton h={220} />}>
          <ActivityChart customerId={customerId} />
        </Suspense>
        {!readOnly && <LogActivityForm customerId={customerId} />}
      </SimpleGrid>

      <Paper withBorder p="md" radius="md">
        <Stack>
          <Group justify="space-between" align="flex-end">
            <Title order={2} size="h4">
              {t('timeline.title')}
            </Title>
            <MultiSelect
              aria-label={t('timeline.filterTypes')}
              placeholder={types.length ? undefined : t('timeline.filterPlaceholder')}
              leftSection={<IconFilter size={16} />}
              data={activityTypes.map((value) => ({ value, label: t(`timeline.types.${value}`) }))}
              value={types}
              onChange={setTypes}
              clearable
              searchable
              w={{ base: '100%', sm: 360 }}
              data-testid="timeline-filter"
            />
          </Group>
          {timeline.isError && <QueryError error={timeline.error} onRetry={() => void timeline.refetch()} />}
          {timeline.isPending ? (
            <Stack gap="sm">
              {['a', 'b', 'c', 'd'].map((key) => (
                <Group key={key} wrap="nowrap">
                  <Skeleton circle h={32} />
                  <Stack gap={6} flex={1}>
                    <Skeleton h={14} w="60%" />
                    <Skeleton h={12} w="30%" />
                  </Stack>
                </Group>
              ))}
            </Stack>
          ) : activities.length === 0 && !timeline.isError ? (
            <Text c="dimmed" ta="center" py="lg">
              {types.length ? t('timeline.emptyFiltered') : t('timeline.empty')}
            </Text>
          ) : (
            <Stack gap="lg" data-testid="timeline">
              {days.map((day) => (
                <section key={day.key} aria-label={format.dayHeading(day.first)}>
                  <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb="xs">
                    {format.dayHeading(day.first)}
                  </Text>
                  <Stack gap="sm">
                    {day.items.map((activity) => (
                      <ActivityItem key={activity.id} activity={activity} actor={actorOf(activity)} />
                    ))}
                  </Stack>
                </section>
              ))}
            </Stack>
          )}
          <div ref={sentinel} data-testid="timeline-sentinel" />
          {timeline.hasNextPage ? (
            <Center>
              {timeline.isFetchingNextPage ? (
                <Loader size="sm" />
              ) : (
                <Button variant="subtle" onClick={() => void timeline.fetchNextPage()}>
                  {t('timeline.loadMore')}
                </Button>
              )}
            </Center>
          ) : activities.length > 0 ? (
            <Text size="xs" c="dimmed" ta="center">
              {t('timeline.end')}
            </Text>
          ) : null}
        </Stack>
      </Paper>
    </Stack>
  );
}

function ActivityItem({ activity, actor }: { activity: Activity; actor: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const type = isActivityType(activity.activity_type) ? activity.activity_type : 'system';
  const Icon = activityIcons[type];
  return (
    <Group
      wrap="nowrap"
      align="flex-start"
      gap="sm"
      data-testid="timeline-item"
      data-activity-type={activity.activity_type}
    >
      <ThemeIcon variant="light" radius="xl" size={32} color={activityColors[type] ?? 'indigo'} aria-hidden>
        <Icon size={16} />
      </ThemeIcon>
      <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {activityLabel(activity, t)}
          </Text>
          <Badge size="xs" variant="default" radius="sm">
            {t(`timeline.types.${type}`)}
          </Badge>
        </Group>
        {activity.description && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {activity.description}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {format.time(activity.created_at)} · {actor}
        </Text>
      </Stack>
    </Group>
  );
}
