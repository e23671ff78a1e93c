import {
  Alert,
  Box,
  Button,
  Code,
  Container,
  FileButton,
  Group,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconUpload } from '@tabler/icons-react';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import { Logo } from '../../ui/Logo';
import { usePageTitle } from '../../ui/PageTitle';
import { type SealedVerification, signatureErrorMessage, verifySealed } from './signatures.api';

/** SHA-256 of a file in the browser (WebCrypto): the file itself never leaves the machine. */
async function sha256Hex(file: File) {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The public verify page (`/verify`): drop a PDF, learn whether Atrium sealed it, for what and by whom. */
export function VerifyPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('signatures.verify.title'));
  const [state, setState] = useState<
    | { step: 'idle' }
    | { step: 'hashing'; name: string }
    | { step: 'done'; name: string; sha256: string; result: SealedVerification }
    | { step: 'error'; message: string }
  >({ step: 'idle' });
  const [dragging, setDragging] = useState(false);

  const check = async (file: File | null) => {
    if (!file) return;
    setState({ step: 'hashing', name: file.name });
    try {
      const sha256 = await sha256Hex(file);
      const result = await verifySealed(sha256);
      setState({ step: 'done', name: file.name, sha256, result });
    } catch (error) {
      setState({ step: 'error', message: signatureErrorMessage(error, t) });
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void check(event.dataTransfer.files[0] ?? null);
  };

  return (
    <Box mih="100dvh" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" px="md" py="xs" bg="var(--mantine-color-body)">
        <Logo />
        <LanguageSwitch />
      </Group>
      <Container size="sm" px="sm" py="lg">
        <Stack>
          <Title order={1} size="h2">
            {t('signatures.verify.title')}
          </Title>
          <Text c="dimmed">{t('signatures.verify.help')}</Text>
          <Paper
            withBorder
            p="xl"
            radius="md"
            style={{
              borderStyle: 'dashed',
              background: dragging ? 'var(--mantine-color-blue-light)' : undefined,
            }}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="verify-dropzone"
          >
            <Group justify="center" gap="sm" wrap="wrap">
              <Text>{t('signatures.verify.drop')}</Text>
              <FileButton accept="application/pdf" onChange={(file) => void check(file)}>
                {(props) => (
                  <Button leftSection={<IconUpload size={16} />} {...props} data-testid="verify-choose">
                    {t('signatures.verify.choose')}
                  </Button>
                )}
              </FileButton>
            </Group>
          </Paper>
          {state.step === 'hashing' && <Text>{t('signatures.verify.hashing')}</Text>}
          {state.step === 'error' && <Alert color="red">{state.message}</Alert>}
          {state.step === 'done' && (
            <Paper withBorder p="md" radius="md" data-testid="verify-result">
              <Stack gap="xs">
                <Text size="sm" fw={600} truncate>
                  {state.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('signatures.verify.fingerprint')}
                </Text>
                <Code style={{ wordBreak: 'break-all' }}>{state.sha256}</Code>
                {state.result.sealed_by_atrium && state.result.document ? (
                  <>
                    <Alert color="teal" icon={<IconCircleCheck />} data-testid="verify-valid">
                      {t('signatures.verify.valid')}
                    </Alert>
                    <Text size="sm">
                      <b>{t('signatures.verify.documentTitle')} :</b> {state.result.document.title}
                    </Text>
                    <Text size="sm">
                      <b>{t('signatures.verify.company')} :</b> {state.result.document.company_name}
                    </Text>
                    <Text size="sm">
                      <b>{t('signatures.verify.completed')} :</b>{' '}
                      {format.dateTime(state.result.document.completed_at)}
                    </Text>
                    <Text size="sm" fw={600}>
                      {t('signatures.verify.signers')}
                    </Text>
                    {state.result.document.signers.map((signer) => (
                      <Text key={`${signer.name}-${signer.signed_at}`} size="sm" data-testid="verify-signer">
                        {signer.name} —{' '}
                        {t('signatures.verify.signedAt', { date: format.dateTime(signer.signed_at) })}
                      </Text>
                    ))}
                    <Text size="xs" c="dimmed">
                      {t('signatures.verify.original')}
                    </Text>
                    <Code style={{ wordBreak: 'break-all' }}>{state.result.document.original_sha256}</Code>
                    <Text size="xs" c="dimmed">
                      {t('signatures.verify.auditHash')}
                    </Text>
                    <Code style={{ wordBreak: 'break-all' }}>{state.result.document.final_audit_hash}</Code>
                  </>
                ) : (
                  <Alert color="red" icon={<IconCircleX />} data-testid="verify-invalid">
                    {t('signatures.verify.invalid')}
                  </Alert>
                )}
              </Stack>
            </Paper>
          )}
        </Stack>
      </Container>
    </Box>
  );
}
