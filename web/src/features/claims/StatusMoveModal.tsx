import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { centsToInput, parseDollarsToCents } from '../../lib/money';
import { notifySuccess } from '../../ui/notify';
import { useUpdateClaim } from './claims.api';
import type { Claim, ClaimStatus } from './claims.types';

/**
 * Moves a claim to a status: a note for the follow-up, what documents to ask for, or the
 * amount reimbursed, as the move needs. Errors show beside their field.
 */
export function StatusMoveModal({
  claim,
  to,
  onClose,
}: {
  claim: Pick<Claim, 'id' | 'number' | 'reimbursement_cents'>;
  to: ClaimStatus | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const update = useUpdateClaim();
  const [note, setNote] = useState('');
  const [documents, setDocuments] = useState('');
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!to) return;
    setNote('');
    setDocuments(to === 'en_attente_documents' ? t('claims.dashboard.documentsDefault') : '');
    setAmount(centsToInput(claim.reimbursement_cents, i18n.language));
    setErrors({});
  }, [to, claim.reimbursement_cents, i18n.language, t]);

  const needsAmount = to === 'approuve' || to === 'rembourse';
  const submit = async () => {
    if (!to) return;
    const next: Record<string, string> = {};
    let reimbursement: number | null | undefined;
    if (needsAmount && amount.trim()) {
      reimbursement = parseDollarsToCents(amount);
      if (reimbursement === null) next.reimbursement_cents = t('claims.claim.amountInvalid');
    } else if (to === 'rembourse') next.reimbursement_cents = t('claims.claim.reimbursementRequired');
    if (to === 'en_attente_documents' && !documents.trim())
      next.documents_requested = t('claims.widget.required');
    setErrors(next);
    if (Object.keys(next).length) return;
    try {
      await update.mutateAsync({
        id: claim.id,
        status_dossier: to,
        note: note.trim() || undefined,
        documents_requested: to === 'en_attente_documents' ? documents.trim() : undefined,
        reimbursement_cents: reimbursement ?? undefined,
      });
      notifySuccess(t('claims.claim.moved', { number: claim.number, status: t(`claims.statuses.${to}`) }));
      onClose();
    } catch (error) {
      const fields = isApiError(error) ? error.fieldErrors : {};
      setErrors({ ...fields, form: Object.keys(fields).length ? '' : errorMessage(error, t) });
    }
  };

  return (
    <Modal opened={to !== null} onClose={onClose} title={to ? t(`claims.moves.${to}`) : ''} size="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          {to === 'en_attente_documents' && (
            <Textarea
              label={t('claims.fields.documentsRequested')}
              description={t('claims.claim.documentsHelp')}
              autosize
              minRows={2}
              maxLength={2000}
              value={documents}
              onChange={(event) => setDocuments(event.currentTarget.value)}
              error={errors.documents_requested}
              data-testid="move-documents"
            />
          )}
          {needsAmount && (
            <TextInput
              label={t('claims.claim.reimbursementAmount')}
              inputMode="decimal"
              value={amount}
              onChange={(event) => setAmount(event.currentTarget.value)}
              error={errors.reimbursement_cents}
              rightSection="$"
              data-testid="move-amount"
            />
          )}
          <Textarea
            label={t('claims.claim.note')}
            autosize
            minRows={2}
            maxLength={2000}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={errors.note || errors.form || errors.status_dossier}
            data-testid="move-note"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="move-confirm">
              {to ? t(`claims.moves.${to}`) : ''}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
