import { Badge } from '@mantine/core';
import { IconBuilding, IconLock, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomerKind, PrivacyLevel } from '../features/customers/customers.types';

const privacyColors: Record<PrivacyLevel, string> = {
  normal: 'gray',
  restreint: 'orange',
  confidentiel: 'red',
};

export function PrivacyBadge({
  level,
  size = 'sm',
}: {
  level: PrivacyLevel;
  size?: 'xs' | 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  return (
    <Badge
      color={privacyColors[level]}
      variant={level === 'normal' ? 'outline' : 'light'}
      size={size}
      leftSection={level === 'normal' ? undefined : <IconLock size={11} />}
      data-testid="privacy-badge"
    >
      {t(`privacyLevels.${level}`)}
    </Badge>
  );
}

export function KindBadge({ kind, size = 'sm' }: { kind: CustomerKind; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  const Icon = kind === 'company' ? IconBuilding : IconUser;
  return (
    <Badge color="indigo" variant="light" size={size} leftSection={<Icon size={11} />}>
      {t(`kinds.${kind}`)}
    </Badge>
  );
}
