import { ActionIcon, Button, Group, Menu, Text, Tooltip } from '@mantine/core';
import { IconBan, IconCash, IconCreditCard, IconDots, IconReceiptRefund } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../../ui/notify';
import { useMe } from '../../auth/auth.api';
import { CreditNoteModal } from '../credit-notes/CreditNoteModal';
import { remainingCreditable } from '../credit-notes/credit-note-form';
import { isVoidable, VoidInvoiceModal } from '../credit-notes/VoidInvoiceModal';
import { PaymentModal } from '../payments/PaymentModal';
import { useCreateCheckout, usePaymentProviders } from '../payments/payments.api';
import type { Invoice } from './invoices.types';

type Dialog = 'payment' | 'credit' | 'void' | null;

/** "Payer en ligne": Stripe Checkout when the server has it, else said discreetly. */
function PayOnlineButton({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const providers = usePaymentProviders();
  const checkout = useCreateCheckout(invoice.id);
  const online = providers.data?.online.stripe === true;

  if (providers.isPending) {
    return (
      <Button variant="light" leftSection={<IconCreditCard size={16} />} loading data-testid="pay-online">
        {t('payments.checkout.pay')}
      </Button>
    );
  }
  if (!online) {
    // A disabled button shows no tooltip; this one only looks and acts disabled.
    return (
      <Tooltip label={t('payments.checkout.off')} withArrow>
        <Button
          variant="light"
          leftSection={<IconCreditCard size={16} />}
          data-disabled
          aria-disabled
          onClick={(event) => event.preventDefault()}
          data-testid="pay-online"
        >
          {t('payments.checkout.pay')}
        </Button>
      </Tooltip>
    );
  }
  const start = async () => {
    try {
      const session = await checkout.mutateAsync();
      window.location.assign(session.url);
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Button
      variant="light"
      leftSection={<IconCreditCard size={16} />}
      loading={checkout.isPending}
      onClick={() => void start()}
      data-testid="pay-online"
    >
      {t('payments.checkout.pay')}
    </Button>
  );
}

/** What can be done with an issued invoice, by whom: payment, online payment, credit note, void. */
export function InvoiceActions({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const role = useMe().data?.user?.role;
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = role === 'admin' || role === 'staff';
  const payable = invoice.status === 'open' || invoice.status === 'partially_paid';
  const creditable =
    invoice.status !== 'draft' && invoice.status !== 'void' && remainingCreditable(invoice) > 0;
  const canPayOnline = payable && (canWrite || role === 'client');
  const close = () => setDialog(null);

  return (
    <>
      {((canWrite && (payable || creditable)) || canPayOnline) && (
        <Group gap="xs" data-testid="invoice-actions">
          {canWrite && payable && (
            <Button
              leftSection={<IconCash size={16} />}
              onClick={() => setDialog('payment')}
              data-testid="record-payment"
            >
              {t('payments.record.open')}
            </Button>
          )}
          {canPayOnline && <PayOnlineButton invoice={invoice} />}
          {canWrite && creditable && (
            <Button
              variant="default"
              leftSection={<IconReceiptRefund size={16} />}
              onClick={() => setDialog('credit')}
              data-testid="issue-credit-note"
            >
              {t('creditNotes.form.open')}
            </Button>
          )}
          {canWrite && payable && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('common.actions')}
                  data-testid="invoice-more"
                >
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown maw={300}>
                <Menu.Item
                  color="red"
                  leftSection={<IconBan size={16} />}
                  disabled={!isVoidable(invoice)}
                  onClick={() => setDialog('void')}
                  data-testid="void-invoice"
                >
                  {t('creditNotes.void.open')}
                  {!isVoidable(invoice) && (
                    <Text size="xs" c="dimmed">
                      {t('creditNotes.void.notVoidable')}
                    </Text>
                  )}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      )}
      {/* Kept open when the invoice changes under it (voided meanwhile): it says why it failed. */}
      {dialog === 'payment' && <PaymentModal invoice={invoice} onClose={close} />}
      {dialog === 'credit' && <CreditNoteModal invoice={invoice} onClose={close} />}
      {dialog === 'void' && <VoidInvoiceModal invoice={invoice} onClose={close} />}
    </>
  );
}
