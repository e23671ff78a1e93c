import { Badge, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type ClaimStatus, escalationThreshold } from './claims.types';

export const claimStatusColors: Record<ClaimStatus, string> = {
  ouvert: 'blue',
  en_cours: 'indigo',
  en_attente_documents: 'yellow',
  escalade: 'red',
  approuve: 'teal',
  refuse: 'gray',
  rembourse: 'green',
  ferme: 'dark',
};

export function ClaimStatusBadge({ status }: { status: ClaimStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={claimStatusColors[status]} variant="light" size="sm" data-testid="claim-status">
      {t(`claims.statuses.${status}`)}
    </Badge>
  );
}

/** The CCI out of 100: red above the escalation threshold, orange from 40. */
export function CciBadge({ cci }: { cci: number }) {
  const { t } = useTranslation();
  const color = cci > escalationThreshold ? 'red' : cci >= 40 ? 'orange' : 'gray';
  return (
    <Tooltip label={t('claims.claim.cciTitle')}>
      <Badge
        color={color}
        variant={cci > escalationThreshold ? 'filled' : 'outline'}
        size="sm"
        leftSection={cci > escalationThreshold ? <IconAlertTriangle size={11} /> : undefined}
        data-testid="claim-cci"
      >
        CCI {cci}
      </Badge>
    </Tooltip>
  );
}
