import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { formatCents } from '../../../lib/money';
import type { CustomerFinances } from '../../finances/finances.api';
import { useFinalizeInvoice } from './invoices.api';
import type { Invoice } from './invoices.types';

/**
 * "Issue this invoice?": once issued it has a number and is never edited again. Over the
 * credit limit the server refuses (422); an admin may then override it, which is audited.
 */
export function FinalizeModal({
  invoice,
  customerName,
  finances,
  isAdmin,
  onClose,
  onFinalized,
}: {
  invoice: Invoice;
  customerName: string;
  finances: CustomerFinances | undefined;
  isAdmin: boolean;
  onClose: () => void;
  onFinalized: (invoice: Invoice) => void;
}) {
  const { t, i18n } = useTranslation();
  const finalize = useFinalizeInvoice(invoice.id);
  const [overLimit, setOverLimit] = useState(false);
  const [override, setOverride] = useState(false);
  const [failure, setFailure] = useState<string>();
  const money = (cents: number) => formatCents(cents, invoice.currency, i18n.language);

  const run = async () => {
    setFailure(undefined);
    try {
      const issued = await finalize.mutateAsync({ override_credit_limit: overLimit && override });
      onFinalized(issued);
    } catch (error) {
      if (isApiError(error) && error.code === 'invoice.credit_limit_exceeded') {
        setOverLimit(true);
      } else {
        setFailure(errorMessage(error, t));
      }
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('invoices.finalize.title')} size="md">
      <Stack data-testid="finalize-modal">
        <Text size="sm">
          {t('invoices.finalize.message', { customer: customerName, total: money(invoice.total_cents) })}
        </Text>
        <Group gap={6} c="dimmed" wrap="nowrap" align="flex-start">
          <IconLock size={16} style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm">{t('invoices.finalize.locked')}</Text>
        </Group>
        {invoice.promo_code && (
          <Text size="sm" c="dimmed">
            {t('invoices.finalize.promo', { code: invoice.promo_code })}
          </Text>
        )}
        {overLimit && (
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} />}
            role="alert"
            data-testid="credit-limit-exceeded"
          >
            <Stack gap={6}>
              <Text size="sm" fw={600}>
                {t('invoices.finalize.overLimit')}
              </Text>
              {finances && finances.credit_limit_cents !== null && (
                <Text size="sm">
                  {t('invoices.finalize.overLimitDetail', {
                    limit: money(finances.credit_limit_cents),
                    balance: money(finances.balance_cents),
                    total: money(invoice.total_cents),
                  })}
                </Text>
              )}
              {isAdmin ? (
                <Checkbox
                  mt={4}
                  label={t('invoices.finalize.override')}
                  description={t('invoices.finalize.overrideHelp')}
                  checked={override}
                  onChange={(event) => setOverride(event.currentTarget.checked)}
                  data-testid="override-credit-limit"
                />
              ) : (
                <Text size="sm">{t('invoices.finalize.askAdmin')}</Text>
              )}
            </Stack>
          </Alert>
        )}
        {failure && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="finalize-error">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            onClick={() => void run()}
            loading={finalize.isPending}
            disabled={overLimit && !override}
            color={overLimit && override ? 'red' : undefined}
            data-autofocus
            data-testid="confirm-finalize"
          >
            {overLimit && override ? t('invoices.finalize.confirmOverride') : t('invoices.finalize.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
