import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  PinInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconShieldLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import { Logo } from '../../ui/Logo';
import { meKey, signIn, useMe, verifyTotp } from './auth.api';

/** Only paths inside the app: never an open redirect. */
function safeNext(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/customers';
}

export function SignInPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState('');

  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('auth.errors.invalidEmail')),
      password: (value) => (value ? null : t('auth.errors.required')),
    },
  });

  if (me.data?.user && !busy) return <Navigate to={next} replace />;

  const finish = async () => {
    await queryClient.invalidateQueries({ queryKey: meKey });
    await navigate(next, { replace: true });
  };

  const describe = (failure: unknown, whileVerifying: boolean) => {
    if (isApiError(failure) && failure.status === 429) return t('auth.errors.rateLimited');
    if (isApiError(failure) && failure.status >= 400 && failure.status < 500) {
      return whileVerifying ? t('auth.errors.invalidCode') : t('auth.errors.invalidCredentials');
    }
    return errorMessage(failure, t);
  };

  const submitPassword = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await signIn(values.email.trim(), values.password);
      if (result?.twoFactorRedirect) {
        setStep('totp');
        setBusy(false);
        return;
      }
      await finish();
    } catch (failure) {
      setError(describe(failure, false));
    }
    setBusy(false);
  });

  const submitCode = async (value: string) => {
    if (value.length !== 6) return;
    setBusy(true);
    setError(undefined);
    try {
      await verifyTotp(value);
      await finish();
    } catch (failure) {
      setError(describe(failure, true));
      setCode('');
    }
    setBusy(false);
  };

  return (
    <Box mih="100dvh" bg="var(--mantine-color-body)" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group justify="space-between" p="md">
        <Logo />
        <LanguageSwitch />
      </Group>
      <Center flex={1} px="md" pb="xl">
        <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={400}>
          {step === 'password' ? (
            <form onSubmit={submitPassword} noValidate>
              <Stack>
                <div>
                  <Title order={1} size="h2">
                    {t('auth.signInTitle')}
                  </Title>
                  <Text c="dimmed" size="sm" mt={4}>
                    {t('auth.signInSubtitle')}
                  </Text>
                </div>
                {error && (
                  <Alert
                    color="red"
                    icon={<IconAlertCircle size={18} />}
                    role="alert"
                    data-testid="sign-in-error"
                  >
                    {error}
                  </Alert>
                )}
                <TextInput
                  label={t('auth.email')}
                  type="email"
                  autoComplete="username"
                  autoFocus
                  required
                  name="email"
                  {...form.getInputProps('email')}
                />
                <PasswordInput
                  label={t('auth.password')}
                  autoComplete="current-password"
                  required
                  name="password"
                  {...form.getInputProps('password')}
                />
                <Button type="submit" loading={busy} fullWidth>
                  {t('auth.signIn')}
                </Button>
              </Stack>
            </form>
          ) : (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void submitCode(code);
              }}
            >
              <Stack align="stretch">
                <Group gap="xs">
                  <IconShieldLock size={24} aria-hidden />
                  <Title order={1} size="h3">
                    {t('auth.totpTitle')}
                  </Title>
                </Group>
                <Text size="sm" c="dimmed" id="totp-help">
                  {t('auth.totpHelp')}
                </Text>
                {error && (
                  <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                    {error}
                  </Alert>
                )}
                <Center>
                  <PinInput
                    length={6}
                    type="number"
                    oneTimeCode
                    autoFocus
                    value={code}
                    onChange={setCode}
                    onComplete={(value) => void submitCode(value)}
                    error={!!error}
                    aria-label={t('auth.code')}
                    data-testid="totp-input"
                    aria-describedby="totp-help"
                  />
                </Center>
                <Button type="submit" loading={busy} disabled={code.length !== 6} fullWidth>
                  {t('auth.verify')}
                </Button>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => {
                    setStep('password');
                    setError(undefined);
                    setCode('');
                  }}
                >
                  {t('auth.useAnotherAccount')}
                </Anchor>
              </Stack>
            </form>
          )}
        </Paper>
      </Center>
    </Box>
  );
}
