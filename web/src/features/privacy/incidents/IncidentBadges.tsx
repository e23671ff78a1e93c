import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IncidentStatus, SeriousInjuryRisk } from './incidents.types';

const statusColors: Record<IncidentStatus, string> = {
  open: 'blue',
  assessed: 'yellow',
  notified: 'teal',
  closed: 'gray',
};

const riskColors: Record<SeriousInjuryRisk, string> = {
  yes: 'red',
  no: 'green',
  under_assessment: 'orange',
};

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light" size="sm" data-testid="incident-status">
      {t(`incidents.statuses.${status}`)}
    </Badge>
  );
}

/** `withLabel` where no column heading says what "Oui" is about. */
export function IncidentRiskBadge({
  risk,
  withLabel = false,
}: {
  risk: SeriousInjuryRisk;
  withLabel?: boolean;
}) {
  const { t } = useTranslation();
  const value = t(`incidents.risks.${risk}`);
  return (
    <Badge
      color={riskColors[risk]}
      variant={risk === 'yes' ? 'filled' : 'light'}
      size="sm"
      tt="none"
      data-testid="incident-risk"
    >
      {withLabel ? t('incidents.labelValue', { label: t('incidents.columns.risk'), value }) : value}
    </Badge>
  );
}
