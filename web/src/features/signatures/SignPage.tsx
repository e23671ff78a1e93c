import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Checkbox,
  Container,
  Group,
  Loader,
  Modal,
  Paper,
  PinInput,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { currentLocale, i18n } from '../../i18n';
import { api, isApiError } from '../../lib/api';
import type { ResponseOf } from '../../lib/api-types';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import { Logo } from '../../ui/Logo';
import { usePageTitle } from '../../ui/PageTitle';
import { FieldBox, PdfDocument } from './PdfPages';
import { SignaturePadField } from './SignaturePadField';
import { type SignerView, signatureErrorMessage, useSignerView } from './signatures.api';

const closedCodes: Record<string, 'expired' | 'cancelled' | 'declined' | 'completed'> = {
  'signature.request_expired': 'expired',
  'signature.request_cancelled': 'cancelled',
  'signature.request_declined': 'declined',
  'signature.request_completed': 'completed',
};

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <Box mih="100dvh" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" px="md" py="xs" bg="var(--mantine-color-body)">
        <Logo />
        <LanguageSwitch />
      </Group>
      <Container size="md" px="sm" py="md">
        {children}
      </Container>
    </Box>
  );
}

/** The signer's page (`/sign/:token`): no account, phone first, French or English. */
export function SignPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('signatures.signer.title'));
  const view = useSignerView(token);
  const [done, setDone] = useState<'signed' | 'completed' | 'declined' | null>(null);

  // The signer's language, unless they already chose one here.
  const language = view.data?.signer.language;
  useEffect(() => {
    if (language && language !== currentLocale() && !localStorage.getItem('atrium.locale')) {
      void i18n.changeLanguage(language);
    }
  }, [language]);

  if (done) {
    return (
      <Shell>
        <Paper withBorder p="xl" radius="md">
          <Stack align="center" ta="center" data-testid="sign-done">
            <IconCircleCheck size={48} color="var(--mantine-color-teal-6)" />
            <Title order={2} size="h3">
              {done === 'declined' ? t('signatures.signer.declined') : t('signatures.signer.signed')}
            </Title>
            {done === 'completed' && <Text>{t('signatures.signer.signedAll')}</Text>}
          </Stack>
        </Paper>
      </Shell>
    );
  }
  if (view.isPending) {
    return (
      <Shell>
        <Center py="xl">
          <Loader />
        </Center>
      </Shell>
    );
  }
  if (view.isError) {
    const closed = isApiError(view.error) ? closedCodes[view.error.code] : undefined;
    return (
      <Shell>
        <Alert
          color={closed ? 'orange' : 'red'}
          title={t('signatures.signer.title')}
          data-testid="sign-unavailable"
        >
          {closed ? t(`signatures.signer.closed.${closed}`) : t('signatures.signer.invalid')}
        </Alert>
      </Shell>
    );
  }
  return (
    <Shell>
      <SigningForm token={token} view={view.data} onDone={setDone} />
    </Shell>
  );
}

function SigningForm({
  token,
  view,
  onDone,
}: {
  token: string;
  view: SignerView;
  onDone: (outcome: 'signed' | 'completed' | 'declined') => void;
}) {
  const { t } = useTranslation();
  const [codeVerified, setCodeVerified] = useState(view.signer.code_verified);
  const [mode, setMode] = useState<'drawn' | 'typed'>('drawn');
  const [png, setPng] = useState<string | null>(null);
  const [typedName, setTypedName] = useState(view.signer.name);
  const [values, setValues] = useState<Record<string, string>>({});
  const [consent, setConsent] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const needsCode = view.request.require_email_code && !codeVerified;
  const inputFields = view.fields.filter((field) => field.type === 'text' || field.type === 'initials');

  const sign = useMutation({
    mutationFn: () =>
      api<ResponseOf<'submitSignature'>>(`/api/v1/sign/${token}`, {
        method: 'POST',
        body: {
          consent: true,
          signature:
            mode === 'drawn' ? { type: 'drawn', png_base64: png ?? '' } : { type: 'typed', name: typedName },
          fields: Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim())),
        },
      }),
    onSuccess: (result) => onDone(result.request_status === 'signed' ? 'completed' : 'signed'),
  });
  const decline = useMutation({
    mutationFn: () => api(`/api/v1/sign/${token}/decline`, { method: 'POST', body: { reason } }),
    onSuccess: () => onDone('declined'),
  });
  const fieldErrors = isApiError(sign.error) ? sign.error.fieldErrors : {};

  const submit = () => {
    if (mode === 'drawn' && !png) {
      setLocalError(t('signatures.signer.blank'));
      return;
    }
    setLocalError(null);
    sign.mutate();
  };

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={1} size="h3" data-testid="sign-title">
          {view.request.title}
        </Title>
        <Text c="dimmed">{t('signatures.signer.from', { company: view.request.company_name })}</Text>
        {view.request.message && <Alert color="blue">{view.request.message}</Alert>}
      </Stack>
      {!view.signer.can_sign && <Alert color="orange">{t('signatures.signer.waiting')}</Alert>}

      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('signatures.signer.document')}</Text>
          <Anchor size="sm" href={view.document.url} target="_blank">
            {t('signatures.signer.download')}
          </Anchor>
        </Group>
        {view.fields.length > 0 && (
          <Text size="xs" c="dimmed" mb="xs">
            {t('signatures.signer.yourFields')}
          </Text>
        )}
        <Box mah="70vh" style={{ overflowY: 'auto' }}>
          <PdfDocument
            url={view.document.url}
            loading={t('signatures.dialog.loadingPdf')}
            pageLabel={(page, total) => t('signatures.dialog.page', { page, total })}
            overlay={(page) =>
              view.fields
                .filter((field) => field.page === page)
                .map((field) => (
                  <FieldBox key={field.id} field={field} color="blue">
                    {field.label ?? t(`signatures.fieldTypes.${field.type}`)}
                  </FieldBox>
                ))
            }
          />
        </Box>
      </Paper>

      {view.signer.can_sign && needsCode && (
        <CodeStep
          token={token}
          email={view.signer.email}
          locked={view.signer.code_locked}
          onVerified={() => setCodeVerified(true)}
        />
      )}

      {view.signer.can_sign && !needsCode && (
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('signatures.signer.signatureTitle')}
            </Title>
            {inputFields.map((field) => (
              <TextInput
                key={field.id}
                label={
                  field.type === 'initials'
                    ? t('signatures.signer.initials')
                    : t('signatures.signer.textField', {
                        label: field.label ?? t('signatures.fieldTypes.text'),
                      })
                }
                required={field.type === 'text' && field.required}
                value={values[field.id] ?? ''}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setValues((current) => ({ ...current, [field.id]: value }));
                }}
                error={fieldErrors[`fields.${field.id}`]}
                maxLength={500}
              />
            ))}
            <SegmentedControl
              value={mode}
              onChange={(value) => setMode(value as 'drawn' | 'typed')}
              data={[
                { value: 'drawn', label: t('signatures.signer.draw') },
                { value: 'typed', label: t('signatures.signer.type') },
              ]}
            />
            {mode === 'drawn' ? (
              <SignaturePadField onChange={setPng} />
            ) : (
              <TextInput
                label={t('signatures.signer.typedName')}
                value={typedName}
                onChange={(event) => setTypedName(event.currentTarget.value)}
                styles={{ input: { fontFamily: 'cursive', fontSize: 22, height: 52 } }}
                error={fieldErrors['signature.name']}
              />
            )}
            {(localError || fieldErrors['signature.png_base64']) && (
              <Text c="red" size="sm" data-testid="signature-error">
                {localError ?? signatureErrorMessage(sign.error, t)}
              </Text>
            )}
            <Checkbox
              checked={consent}
              onChange={(event) => setConsent(event.currentTarget.checked)}
              label={t('signatures.signer.consent')}
              data-testid="sign-consent"
            />
            {sign.error && !fieldErrors['signature.png_base64'] && (
              <Alert color="red">{signatureErrorMessage(sign.error, t)}</Alert>
            )}
            <Button
              size="md"
              disabled={!consent}
              loading={sign.isPending}
              onClick={submit}
              data-testid="sign-submit"
            >
              {t('signatures.signer.sign')}
            </Button>
          </Stack>
        </Paper>
      )}

      <Group justify="center">
        <Button variant="subtle" color="red" onClick={() => setDeclining(true)}>
          {t('signatures.signer.decline')}
        </Button>
      </Group>
      <Modal opened={declining} onClose={() => setDeclining(false)} title={t('signatures.signer.decline')}>
        <Stack>
          <Textarea
            label={t('signatures.signer.declineReason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            required
            autosize
            minRows={3}
            maxLength={1000}
            error={isApiError(decline.error) ? decline.error.fieldErrors.reason : undefined}
          />
          {decline.error && !isApiError(decline.error) && (
            <Alert color="red">{signatureErrorMessage(decline.error, t)}</Alert>
          )}
          <Group justify="flex-end">
            <Button
              color="red"
              disabled={!reason.trim()}
              loading={decline.isPending}
              onClick={() => decline.mutate()}
            >
              {t('signatures.signer.declineConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function CodeStep({
  token,
  email,
  locked,
  onVerified,
}: {
  token: string;
  email: string;
  locked: boolean;
  onVerified: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const send = useMutation({ mutationFn: () => api(`/api/v1/sign/${token}/code`, { method: 'POST' }) });
  const verify = useMutation({
    mutationFn: () => api(`/api/v1/sign/${token}/code/verify`, { method: 'POST', body: { code } }),
    onSuccess: onVerified,
  });
  const isLocked = locked || (isApiError(verify.error) && verify.error.code === 'signature.code_locked');
  return (
    <Paper withBorder p="md" radius="md" data-testid="code-step">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('signatures.signer.codeTitle')}
        </Title>
        {isLocked ? (
          <Alert color="red">{t('signatures.signer.codeLocked')}</Alert>
        ) : (
          <>
            <Text size="sm">{t('signatures.signer.codeHelp', { email })}</Text>
            <Button variant="light" loading={send.isPending} onClick={() => send.mutate()}>
              {t('signatures.signer.sendCode')}
            </Button>
            {send.isSuccess && (
              <Text size="sm" c="teal">
                {t('signatures.signer.codeSent')}
              </Text>
            )}
            {send.error && (
              <Text size="sm" c="red">
                {signatureErrorMessage(send.error, t)}
              </Text>
            )}
            <Text size="sm" fw={500}>
              {t('signatures.signer.code')}
            </Text>
            <PinInput
              length={6}
              type="number"
              oneTimeCode
              value={code}
              onChange={setCode}
              aria-label={t('signatures.signer.code')}
            />
            {verify.error && (
              <Text size="sm" c="red">
                {signatureErrorMessage(verify.error, t)}
              </Text>
            )}
            <Button disabled={code.length !== 6} loading={verify.isPending} onClick={() => verify.mutate()}>
              {t('signatures.signer.verifyCode')}
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}
