import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ScheduleStatus } from './recurring.api';

const colors: Record<ScheduleStatus, string> = { active: 'teal', paused: 'orange', ended: 'gray' };

export function ScheduleStatusBadge({ status }: { status: ScheduleStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={colors[status]}
      variant={status === 'ended' ? 'outline' : 'light'}
      data-testid="schedule-status"
    >
      {t(`recurring.statuses.${status}`)}
    </Badge>
  );
}
