import { Badge, Group, Paper, Skeleton, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { translateIfKnown } from '../../lib/i18n-dynamic';
import { notifyError, notifySuccess } from '../../ui/notify';
import { QueryError } from '../../ui/QueryError';
import { useConsents, useRecordConsent } from './privacy.api';
import type { ConsentState } from './privacy.types';

type Status = 'granted' | 'expired' | 'revoked' | 'never';

function statusOf(consent: ConsentState): Status {
  if (consent.version === 0) return 'never';
  if (consent.is_valid) return 'granted';
  return consent.is_granted ? 'expired' : 'revoked';
}

const statusColors: Record<Status, string> = {
  granted: 'teal',
  expired: 'orange',
  revoked: 'red',
  never: 'gray',
};

export function ConsentsTab({ customerId, readOnly }: { customerId: string; readOnly: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const consents = useConsents(customerId);
  const record = useRecordConsent(customerId);

  const sourceLabel = (source: string | null) =>
    source ? (translateIfKnown(t, `consents.sources.${source}`) ?? source) : t('common.unknown');

  // An optional end date for the grants made next (a revocation never expires).
  const [expiresOn, setExpiresOn] = useState('');
  const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA');

  const toggle = (consent: ConsentState) => {
    const grant = !consent.is_valid;
    const type = t(`consents.types.${consent.consent_type}`);
    const expires_at = grant && expiresOn ? new Date(`${expiresOn}T23:59:59`).toISOString() : undefined;
    record.mutate(
      {
        consent_type: consent.consent_type,
        is_granted: grant,
        source: 'staff_ui',
        ...(expires_at ? { expires_at } : {}),
      },
      {
        onSuccess: () =>
          notifySuccess(
            grant ? t('consents.grantedNotice', { type }) : t('consents.revokedNotice', { type }),
          ),
        onError: notifyError,
      },
    );
  };

  if (consents.isError) return <QueryError error={consents.error} onRetry={() => void consents.refetch()} />;
  if (consents.isPending) {
    return (
      <Stack>
        <Skeleton h={320} />
        <Skeleton h={160} />
      </Stack>
    );
  }

  const { current, history } = consents.data;

  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('consents.current')}
          </Title>
          <Group gap={6} c="dimmed" wrap="nowrap" align="flex-start">
            <IconInfoCircle size={16} style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm">{t('consents.help')}</Text>
          </Group>
          {!readOnly && (
            <TextInput
              type="date"
              label={t('consents.expiresLabel')}
              description={t('consents.expiresHelp')}
              value={expiresOn}
              min={tomorrow}
              onChange={(event) => setExpiresOn(event.currentTarget.value)}
              maw={360}
              data-testid="consent-expires-on"
            />
          )}
          <Stack gap={0} mt="xs">
            {current.map((consent) => {
              const status = statusOf(consent);
              const pending = record.isPending && record.variables?.consent_type === consent.consent_type;
              const when = consent.is_granted ? consent.granted_at : consent.revoked_at;
              return (
                <Group
                  key={consent.consent_type}
                  justify="space-between"
                  wrap="nowrap"
                  py="sm"
                  gap="sm"
                  style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                  data-testid={`consent-${consent.consent_type}`}
                  data-status={status}
                >
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap={8}>
                      <Text fw={600} size="sm" id={`consent-label-${consent.consent_type}`}>
                        {t(`consents.types.${consent.consent_type}`)}
                      </Text>
                      <Badge size="xs" variant="light" color={statusColors[status]}>
                        {t(`consents.${status}`)}
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {t(`consents.descriptions.${consent.consent_type}`)}
                    </Text>
                    {status !== 'never' && (
                      <Text size="xs" c="dimmed">
                        {[
                          t('consents.version', { version: consent.version }),
                          when ? t('consents.since', { date: format.date(when) }) : null,
                          sourceLabel(consent.source),
                          consent.expires_at
                            ? status === 'expired'
                              ? t('consents.expiredOn', { date: format.date(consent.expires_at) })
                              : t('consents.expiresOn', { date: format.date(consent.expires_at) })
                            : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    )}
                  </Stack>
                  <Switch
                    size="md"
                    checked={consent.is_valid}
                    disabled={readOnly || pending}
                    onChange={() => toggle(consent)}
                    aria-labelledby={`consent-label-${consent.consent_type}`}
                    color="teal"
                    data-testid={`consent-switch-${consent.consent_type}`}
                  />
                </Group>
              );
            })}
          </Stack>
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('consents.history')}
          </Title>
          {history.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('consents.historyEmpty')}
            </Text>
          ) : (
            <div className="table-scroll">
              <Table striped miw={680} data-testid="consent-history">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('consents.columns.date')}</Table.Th>
                    <Table.Th>{t('consents.columns.type')}</Table.Th>
                    <Table.Th>{t('consents.columns.status')}</Table.Th>
                    <Table.Th>{t('consents.columns.version')}</Table.Th>
                    <Table.Th>{t('consents.columns.source')}</Table.Th>
                    <Table.Th>{t('consents.columns.expires')}</Table.Th>
                    <Table.Th>{t('consents.columns.ip')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {history.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td>
                        <Text size="sm">{format.dateTime(entry.created_at)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`consents.types.${entry.consent_type}`)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge size="xs" variant="light" color={entry.is_granted ? 'teal' : 'red'}>
                          {entry.is_granted ? t('consents.granted') : t('consents.revoked')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{entry.version}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{sourceLabel(entry.source)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {entry.expires_at ? format.date(entry.expires_at) : t('common.unknown')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {entry.ip_address ?? t('common.unknown')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
