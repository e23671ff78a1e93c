import { Alert, Anchor, Group, type MantineSpacing, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../auth/auth.api';
import { useUnnotifiedIncidents } from './incidents.api';

/**
 * For admins: serious-risk incidents with no notice to the CAI recorded. Loi 25 asks that the
 * CAI and the persons concerned be notified promptly, so this stays in view until it is done.
 */
export function UnnotifiedIncidentsBanner({
  withRegisterLink = true,
  mb,
}: {
  withRegisterLink?: boolean;
  mb?: MantineSpacing;
}) {
  const { t } = useTranslation();
  const isAdmin = useMe().data?.user?.role === 'admin';
  const unnotified = useUnnotifiedIncidents(isAdmin);
  const rows = unnotified.data?.data ?? [];
  const total = unnotified.data?.pagination.total ?? 0;
  if (!isAdmin || total === 0) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} />}
      title={t('incidents.banner.title')}
      role="alert"
      mb={mb}
      data-testid="unnotified-incidents-banner"
    >
      <Text size="sm">
        {t('incidents.banner.body', { count: total })}{' '}
        {rows.map((incident, index) => (
          <span key={incident.id}>
            {index > 0 && ', '}
            <Anchor component={Link} to={`/privacy/incidents/${incident.id}`} size="sm" fw={600}>
              {incident.number}
            </Anchor>
          </span>
        ))}
        {total > rows.length && '…'}
      </Text>
      <Group justify="space-between" gap="xs" mt={4}>
        <Text size="sm">{t('incidents.banner.action')}</Text>
        {withRegisterLink && (
          <Anchor component={Link} to="/privacy/incidents?awaiting_cai_notification=true" size="sm" fw={600}>
            {t('incidents.banner.open')}
          </Anchor>
        )}
      </Group>
    </Alert>
  );
}
