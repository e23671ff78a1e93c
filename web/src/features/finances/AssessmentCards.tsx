import { Group, Paper, Progress, RingProgress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { translateIfKnown } from '../../lib/i18n-dynamic';
import type { CustomerFinances } from './finances.api';
import { useMoney } from './useMoney';

type Aging = NonNullable<CustomerFinances['aging']>;
type Score = NonNullable<CustomerFinances['credit_score']>;

const buckets = ['current', '1_30', '31_60', '61_90', 'over_90'] as const satisfies readonly (keyof Aging)[];
const bucketColors = {
  current: 'teal',
  '1_30': 'yellow',
  '31_60': 'orange',
  '61_90': 'red',
  over_90: 'grape',
};

/** What is open, by days past due (counted in Montréal days by the server). */
export function AgingCard({
  aging,
  overdueCents,
  currency,
}: {
  aging: Aging;
  overdueCents: number | null;
  currency: string;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const total = buckets.reduce((sum, bucket) => sum + aging[bucket], 0);
  return (
    <Paper withBorder radius="md" p="md" data-testid="aging">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('finances.aging.title')}
          </Title>
          {overdueCents !== null && (
            <Text size="sm" c={overdueCents > 0 ? 'red' : 'dimmed'} fw={600}>
              {t('finances.aging.overdue', { amount: money(overdueCents, currency) })}
            </Text>
          )}
        </Group>
        {total > 0 && (
          <Progress.Root size="lg" aria-hidden>
            {buckets.map((bucket) =>
              aging[bucket] > 0 ? (
                <Progress.Section
                  key={bucket}
                  value={(aging[bucket] * 100) / total}
                  color={bucketColors[bucket]}
                />
              ) : null,
            )}
          </Progress.Root>
        )}
        {buckets.map((bucket) => (
          <Group key={bucket} justify="space-between" gap="xs">
            <Group gap={6}>
              <Text span c={bucketColors[bucket]} aria-hidden>
                ●
              </Text>
              <Text size="sm">{t(`finances.aging.buckets.${bucket}`)}</Text>
            </Group>
            <Text size="sm" fw={600}>
              {money(aging[bucket], currency)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/** The 0–100 score and the points each factor gave, in words (ADR 10). */
export function CreditScoreCard({ score }: { score: Score }) {
  const { t } = useTranslation();
  const color = score.score >= 75 ? 'teal' : score.score >= 50 ? 'yellow' : 'red';
  return (
    <Paper withBorder radius="md" p="md" data-testid="credit-score">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('finances.score.title')}
        </Title>
        <Group wrap="nowrap" align="flex-start">
          <RingProgress
            size={96}
            thickness={9}
            roundCaps
            sections={[{ value: score.score, color }]}
            label={
              <Text ta="center" fw={700} size="xl">
                {score.score}
              </Text>
            }
          />
          <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
            {score.factors.map((factor) => (
              <div key={factor.code}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm" fw={600}>
                    {t(`finances.score.factors.${factor.code}`)}
                  </Text>
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {factor.points} / {factor.max_points}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {translateIfKnown(t, `finances.${factor.explanation_key}`, {
                    value: factor.value,
                    // Ratios come in basis points: 8 750 bp is 88 %.
                    percent: factor.value === null ? null : Math.round(factor.value / 100),
                  }) ?? factor.explanation_key}
                </Text>
              </div>
            ))}
          </Stack>
        </Group>
      </Stack>
    </Paper>
  );
}
