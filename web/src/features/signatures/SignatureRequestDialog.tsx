import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Checkbox,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { FieldBox, PdfPage, usePdf } from './PdfPages';
import {
  type FieldType,
  type SignatureRequest,
  type SignatureRequestInput,
  signatureErrorMessage,
  useCreateSignatureRequest,
} from './signatures.api';

type Field = (SignatureRequestInput['fields'] extends (infer F)[] | undefined ? F : never) & { key: number };
interface SignerDraft {
  key: number;
  name: string;
  email: string;
  order: number;
}

const fieldTypes: FieldType[] = ['signature', 'initials', 'date', 'text'];
/** Default size of a new field, in fractions of the page. */
const sizes: Record<FieldType, { width: number; height: number }> = {
  signature: { width: 0.3, height: 0.07 },
  initials: { width: 0.1, height: 0.05 },
  date: { width: 0.18, height: 0.035 },
  text: { width: 0.3, height: 0.035 },
};
const colors = ['blue', 'grape', 'teal', 'orange', 'pink', 'lime'];
let nextKey = 1;

const inDays = (days: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
};

/** "Send for signature": signers, order, expiry, email code, and fields placed by clicking on the pages. */
export function SignatureRequestDialog({
  document,
  onClose,
}: {
  document: { id: string; title: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={document !== null}
      onClose={onClose}
      title={t('signatures.dialog.title')}
      size="xl"
      fullScreen={typeof window !== 'undefined' && window.innerWidth < 600}
    >
      {document && <DialogBody key={document.id} document={document} onClose={onClose} />}
    </Modal>
  );
}

function DialogBody({ document, onClose }: { document: { id: string; title: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateSignatureRequest(document.id);
  const [signers, setSigners] = useState<SignerDraft[]>([{ key: nextKey++, name: '', email: '', order: 1 }]);
  const [routing, setRouting] = useState<'parallel' | 'sequential'>('parallel');
  const [expires, setExpires] = useState(inDays(30));
  const [requireCode, setRequireCode] = useState(false);
  const [message, setMessage] = useState('');
  const [fields, setFields] = useState<Field[]>([]);
  const [activeSigner, setActiveSigner] = useState('0');
  const [fieldType, setFieldType] = useState<FieldType>('signature');
  const [page, setPage] = useState(1);
  const [created, setCreated] = useState<SignatureRequest | null>(null);
  const { pdf, error: pdfError } = usePdf(`/api/v1/documents/${document.id}/preview`);
  const errors = isApiError(create.error) ? create.error.fieldErrors : {};

  const setSigner = (index: number, patch: Partial<SignerDraft>) =>
    setSigners((items) => items.map((item, at) => (at === index ? { ...item, ...patch } : item)));
  const removeSigner = (index: number) => {
    setSigners((items) => items.filter((_, at) => at !== index));
    setFields((items) =>
      items
        .filter((field) => field.signer_index !== index)
        .map((field) => ({
          ...field,
          signer_index: field.signer_index > index ? field.signer_index - 1 : field.signer_index,
        })),
    );
    setActiveSigner('0');
  };
  const place = (point: { page: number; x: number; y: number }) => {
    const size = sizes[fieldType];
    setFields((items) => [
      ...items,
      {
        key: nextKey++,
        type: fieldType,
        signer_index: Number(activeSigner),
        page: point.page,
        x: Math.min(Math.max(point.x - size.width / 2, 0), 1 - size.width),
        y: Math.min(Math.max(point.y - size.height / 2, 0), 1 - size.height),
        width: size.width,
        height: size.height,
        required: true,
      },
    ]);
  };

  const submit = () =>
    create.mutate(
      {
        signers: signers.map((signer) => ({
          name: signer.name,
          email: signer.email,
          ...(routing === 'sequential' ? { order: signer.order } : {}),
        })),
        routing,
        fields: fields.map(({ key: _key, ...field }) => field),
        expires_at: new Date(`${expires}T23:59:00`).toISOString(),
        require_email_code: requireCode,
        message: message.trim() || null,
      },
      { onSuccess: setCreated },
    );

  if (created) {
    return (
      <Stack data-testid="signature-request-sent">
        <Alert color="teal">{t('signatures.dialog.sent')}</Alert>
        <Text size="sm">{t('signatures.dialog.links')}</Text>
        {created.signers.map((signer) => (
          <Group key={signer.id} justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600}>
                {signer.name}
              </Text>
              <Anchor size="xs" href={signer.signing_url} target="_blank" truncate data-testid="signing-link">
                {signer.signing_url}
              </Anchor>
            </Stack>
            <CopyButton value={signer.signing_url ?? ''}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="light" onClick={copy}>
                  {copied ? t('signatures.dialog.copied') : t('signatures.dialog.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        ))}
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('signatures.dialog.close')}</Button>
        </Group>
      </Stack>
    );
  }

  const total = pdf?.numPages ?? 1;
  return (
    <Stack gap="md">
      <Text fw={600}>{document.title}</Text>
      <Title order={3} size="h5">
        {t('signatures.dialog.signers')}
      </Title>
      <SegmentedControl
        value={routing}
        onChange={(value) => setRouting(value as 'parallel' | 'sequential')}
        data={[
          { value: 'parallel', label: t('signatures.routing.parallel') },
          { value: 'sequential', label: t('signatures.routing.sequential') },
        ]}
        aria-label={t('signatures.dialog.routing')}
      />
      {signers.map((signer, index) => (
        <Group key={signer.key} align="flex-start" gap="xs" wrap="wrap" data-testid="signer-row">
          {routing === 'sequential' && (
            <NumberInput
              w={70}
              label={t('signatures.dialog.order')}
              min={1}
              max={100}
              value={signer.order}
              onChange={(value) => setSigner(index, { order: Number(value) || 1 })}
            />
          )}
          <TextInput
            style={{ flex: '1 1 160px' }}
            label={t('signatures.dialog.name')}
            value={signer.name}
            onChange={(event) => setSigner(index, { name: event.currentTarget.value })}
            error={errors[`signers.${index}.name`]}
            required
          />
          <TextInput
            style={{ flex: '1 1 200px' }}
            type="email"
            label={t('signatures.dialog.email')}
            value={signer.email}
            onChange={(event) => setSigner(index, { email: event.currentTarget.value })}
            error={errors[`signers.${index}.email`]}
            required
          />
          {signers.length > 1 && (
            <ActionIcon
              mt={26}
              variant="subtle"
              color="red"
              onClick={() => removeSigner(index)}
              aria-label={t('signatures.dialog.removeSigner')}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            setSigners((items) => [
              ...items,
              { key: nextKey++, name: '', email: '', order: items.length + 1 },
            ])
          }
        >
          {t('signatures.dialog.addSigner')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          type="date"
          label={t('signatures.dialog.expires')}
          value={expires}
          min={inDays(1)}
          onChange={(event) => setExpires(event.currentTarget.value)}
          error={errors.expires_at}
        />
        <Checkbox
          mt={{ base: 0, sm: 30 }}
          label={t('signatures.dialog.requireCode')}
          checked={requireCode}
          onChange={(event) => setRequireCode(event.currentTarget.checked)}
        />
      </SimpleGrid>
      <Textarea
        label={t('signatures.dialog.message')}
        value={message}
        onChange={(event) => setMessage(event.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={2000}
      />

      <Title order={3} size="h5">
        {t('signatures.dialog.place')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('signatures.dialog.placeHelp')}
      </Text>
      <Group gap="xs" wrap="wrap">
        <Select
          size="xs"
          w={180}
          label={t('signatures.dialog.signer')}
          value={activeSigner}
          onChange={(value) => setActiveSigner(value ?? '0')}
          allowDeselect={false}
          data={signers.map((signer, index) => ({
            value: String(index),
            label: signer.name || `${t('signatures.dialog.signer')} ${index + 1}`,
          }))}
        />
        <SegmentedControl
          size="xs"
          mt={20}
          value={fieldType}
          onChange={(value) => setFieldType(value as FieldType)}
          data={fieldTypes.map((value) => ({ value, label: t(`signatures.fieldTypes.${value}`) }))}
          aria-label={t('signatures.dialog.fieldType')}
        />
      </Group>
      {pdfError && <Alert color="red">{pdfError.message}</Alert>}
      {!pdf && !pdfError && <Text size="sm">{t('signatures.dialog.loadingPdf')}</Text>}
      {pdf && (
        <Stack gap="xs">
          <Group justify="space-between">
            <ActionIcon
              variant="light"
              disabled={page <= 1}
              onClick={() => setPage(page - 1)}
              aria-label={t('signatures.dialog.previous')}
            >
              <IconChevronLeft size={16} />
            </ActionIcon>
            <Text size="sm">
              {t('signatures.dialog.page', { page, total })} ·{' '}
              {t('signatures.dialog.fieldsCount', { count: fields.length })}
            </Text>
            <ActionIcon
              variant="light"
              disabled={page >= total}
              onClick={() => setPage(page + 1)}
              aria-label={t('signatures.dialog.next')}
            >
              <IconChevronRight size={16} />
            </ActionIcon>
          </Group>
          <PdfPage
            pdf={pdf}
            page={page}
            label={t('signatures.dialog.page', { page, total })}
            onClick={place}
            overlay={fields.map(
              (field, index) =>
                field.page === page && (
                  <FieldBox
                    key={field.key}
                    field={field}
                    color={colors[field.signer_index % colors.length]!}
                    onClick={() => setFields((items) => items.filter((_, at) => at !== index))}
                  >
                    {t(`signatures.fieldTypes.${field.type}`)} ·{' '}
                    {signers[field.signer_index]?.name || field.signer_index + 1}
                  </FieldBox>
                ),
            )}
          />
        </Stack>
      )}
      {create.error && <Alert color="red">{signatureErrorMessage(create.error, t)}</Alert>}
      <Group justify="flex-end" pos="sticky" bottom={0} bg="var(--mantine-color-body)" py="xs">
        <Button variant="default" onClick={onClose}>
          {t('signatures.dialog.close')}
        </Button>
        <Button onClick={submit} loading={create.isPending} data-testid="send-for-signature">
          {t('signatures.dialog.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
