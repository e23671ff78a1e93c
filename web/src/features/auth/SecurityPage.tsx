import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  PasswordInput,
  PinInput,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { notifySuccess } from '../../ui/notify';
import { disableTwoFactor, enableTwoFactor, meKey, useMe, verifyTotp } from './auth.api';

export function SecurityPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const user = me.data?.user;
  const [password, setPassword] = useState('');
  const [setup, setSetup] = useState<{ totpURI: string; backupCodes: string[] }>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (!user) return null;
  const enabled = user.two_factor_enabled;

  const run = async (action: () => Promise<void>, invalid: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(
        isApiError(failure) && failure.status === 429
          ? t('auth.errors.rateLimited')
          : isApiError(failure) && failure.status >= 400 && failure.status < 500
            ? invalid
            : errorMessage(failure, t),
      );
    }
    setBusy(false);
  };

  const start = () =>
    run(async () => {
      if (enabled) {
        await disableTwoFactor(password);
        await queryClient.invalidateQueries({ queryKey: meKey });
        notifySuccess(t('security.disabledNotice'));
      } else {
        setSetup(await enableTwoFactor(password));
      }
      setPassword('');
    }, t('auth.errors.invalidCredentials'));

  const confirm = (value: string) =>
    run(async () => {
      await verifyTotp(value);
      setSetup(undefined);
      setCode('');
      await queryClient.invalidateQueries({ queryKey: meKey });
      notifySuccess(t('security.enabledNotice'));
    }, t('auth.errors.invalidCode'));

  return (
    <Stack maw={720}>
      <div>
        <Title order={1} size="h2">
          {t('security.title')}
        </Title>
        <Text c="dimmed">{t('security.subtitle')}</Text>
      </div>
      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('security.account')}
            </Text>
            <Text>{user.name}</Text>
            <Text size="sm" c="dimmed">
              {user.email}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('security.role')}
            </Text>
            <Text>{t(`app.roles.${user.role}`)}</Text>
          </div>
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Stack>
          <Group justify="space-between">
            <Title order={2} size="h4">
              {t('security.twoFactor')}
            </Title>
            <Badge color={enabled ? 'teal' : 'gray'} variant="light" data-testid="two-factor-status">
              {enabled ? t('security.statusEnabled') : t('security.statusDisabled')}
            </Badge>
          </Group>
          <Text size="sm">{t('security.intro')}</Text>
          {error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          {!setup ? (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void start();
              }}
            >
              <Group align="end">
                <PasswordInput
                  label={t('security.confirmPassword')}
                  autoComplete="current-password"
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                  style={{ flex: '1 1 240px' }}
                  required
                />
                <Button type="submit" loading={busy} disabled={!password} color={enabled ? 'red' : undefined}>
                  {enabled ? t('security.disable') : t('security.enable')}
                </Button>
              </Group>
            </form>
          ) : (
            <Stack>
              <div>
                <Text fw={600}>{t('security.step1')}</Text>
                <Text size="sm" c="dimmed" mb={6}>
                  {t('security.uriHelp')}
                </Text>
                <Group gap="md" align="center" mb="xs">
                  <Paper withBorder p={8} radius="sm" bg="white" data-testid="totp-qr">
                    <QRCodeSVG
                      value={setup.totpURI}
                      size={168}
                      marginSize={2}
                      title={t('security.qrTitle')}
                    />
                  </Paper>
                  <Button component="a" href={setup.totpURI} variant="light" hiddenFrom="sm">
                    {t('security.openInApp')}
                  </Button>
                </Group>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Code
                    block
                    style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
                    data-testid="totp-uri"
                  >
                    {setup.totpURI}
                  </Code>
                  <CopyButton value={setup.totpURI}>
                    {({ copied, copy }) => (
                      <Button
                        variant="default"
                        size="xs"
                        onClick={copy}
                        leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                      >
                        {copied ? t('common.copied') : t('common.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </div>
              <div>
                <Text fw={600}>{t('security.step2')}</Text>
                <Text size="sm" c="dimmed" mb={6}>
                  {t('security.backupHelp')}
                </Text>
                <SimpleGrid cols={{ base: 2, xs: 5 }} spacing={6} data-testid="backup-codes">
                  {setup.backupCodes.map((backup) => (
                    <Code key={backup} ta="center" py={4}>
                      {backup}
                    </Code>
                  ))}
                </SimpleGrid>
              </div>
              <div>
                <Text fw={600} mb={6}>
                  {t('security.step3')}
                </Text>
                <Group>
                  <PinInput
                    length={6}
                    type="number"
                    oneTimeCode
                    value={code}
                    onChange={setCode}
                    onComplete={(value) => void confirm(value)}
                    aria-label={t('auth.code')}
                    data-testid="totp-input"
                  />
                  <Button loading={busy} disabled={code.length !== 6} onClick={() => void confirm(code)}>
                    {t('security.confirm')}
                  </Button>
                </Group>
              </div>
            </Stack>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
