import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconCopy,
  IconLock,
  IconRefresh,
  IconShieldCheck,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../ui/notify';
import { QueryError } from '../../ui/QueryError';
import { useAuditVerification, useSealAuditLog } from './audit.api';
import type { AuditVerification } from './audit.types';
import { useInstant } from './useInstant';

/** Whether the sealed log still matches its hash chain, and a way to seal what is new. */
export function ChainStatus() {
  const { t } = useTranslation();
  const verification = useAuditVerification();
  const seal = useSealAuditLog();

  const sealNow = async () => {
    try {
      const { block } = await seal.mutateAsync();
      notifySuccess(
        block
          ? t('audit.chain.sealed', { block: block.block_no, count: block.entry_count })
          : t('audit.chain.nothingToSeal'),
      );
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="audit-chain">
      <Stack gap="sm">
        {verification.isPending ? (
          <Skeleton h={52} radius="sm" />
        ) : verification.isError ? (
          <QueryError error={verification.error} onRetry={() => void verification.refetch()} />
        ) : (
          <Verdict report={verification.data} />
        )}
        <Group justify="space-between" gap="xs">
          <Button
            leftSection={<IconLock size={16} />}
            onClick={() => void sealNow()}
            loading={seal.isPending}
            data-testid="seal-now"
          >
            {t('audit.chain.sealNow')}
          </Button>
          <Button
            variant="subtle"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void verification.refetch()}
            loading={verification.isFetching && !verification.isPending}
          >
            {t('audit.chain.verifyAgain')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Verdict({ report }: { report: AuditVerification }) {
  const { t } = useTranslation();
  const instant = useInstant();
  const failure = report.failure;
  const counts = (
    <Text size="sm" c="dimmed">
      {t('audit.chain.checked', {
        blocks: t('audit.chain.blocks', { count: report.blocks_checked }),
        entries: t('audit.chain.entries', { count: report.entries_checked }),
      })}
      {' · '}
      {t('audit.chain.unsealed', { count: report.unsealed_entries })}
    </Text>
  );
  if (failure) {
    // A database restored from a dump is not a tampered one: say what it is.
    const restored = failure.kind === 'transaction_ids_behind';
    return (
      <Alert
        color={restored ? 'orange' : 'red'}
        variant="filled"
        icon={<IconAlertTriangle size={20} />}
        title={restored ? t('audit.chain.paused') : t('audit.chain.tampered')}
        role="alert"
        styles={{ body: { minWidth: 0 } }}
        data-testid="audit-chain-failure"
      >
        <Stack gap={4}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {failure.kind === 'inserted' && failure.block_no === null
              ? t('audit.chain.failure.insertedOutside', { entry: failure.entry_id })
              : t(`audit.chain.failure.${failure.kind}`, {
                  entry: failure.entry_id,
                  block: failure.block_no,
                })}
          </Text>
          {!restored && (
            <>
              <Text size="sm">
                {report.verified_up_to
                  ? t('audit.chain.verifiedBefore', { time: instant(report.verified_up_to) })
                  : t('audit.chain.nothingVerified')}
              </Text>
              <Text size="xs">{t('audit.chain.tamperedHelp')}</Text>
            </>
          )}
        </Stack>
      </Alert>
    );
  }
  if (!report.verified_up_to) {
    return (
      <Alert color="gray" icon={<IconLock size={20} />} data-testid="audit-chain-empty">
        <Text size="sm">{t('audit.chain.nothingSealed')}</Text>
        {counts}
      </Alert>
    );
  }
  return (
    <Alert
      color="teal"
      icon={<IconShieldCheck size={20} />}
      styles={{ body: { minWidth: 0 } }}
      data-testid="audit-chain-verified"
    >
      <Stack gap={4}>
        <Text fw={600} data-testid="audit-verified-line">
          {t('audit.chain.verified', { time: instant(report.verified_up_to) })}
        </Text>
        {counts}
        {report.latest_block && (
          <Stack gap={2} mt={4}>
            <Text size="xs" c="dimmed">
              {t('audit.chain.latestBlock', {
                block: report.latest_block.block_no,
                time: instant(report.latest_block.sealed_at),
              })}
            </Text>
            <Group gap={4} wrap="nowrap">
              <Code
                style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                aria-label={t('audit.chain.hashLabel')}
                data-testid="audit-latest-hash"
              >
                {report.latest_block.hash}
              </Code>
              <CopyButton value={report.latest_block.hash}>
                {({ copied, copy }) => (
                  <ActionIcon
                    variant="subtle"
                    color={copied ? 'teal' : 'gray'}
                    onClick={copy}
                    aria-label={copied ? t('common.copied') : t('audit.chain.copyHash')}
                  >
                    {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  </ActionIcon>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed">
              {t('audit.chain.hashHelp')}
            </Text>
          </Stack>
        )}
      </Stack>
    </Alert>
  );
}
