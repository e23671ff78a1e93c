import { Alert, Loader } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { invoiceKey } from '../invoices/invoices.api';
import type { Invoice } from '../invoices/invoices.types';

/** How often, and how many times, the invoice is read again while Stripe's webhook is awaited. */
const pollEveryMs = 2_000;
const maxPolls = 8;

/**
 * The way back from Stripe Checkout (`?payment=success` or `?payment=cancelled`). Stripe tells
 * the server by webhook, usually a moment after the payer is back: the invoice is read again a
 * few times until its balance moves, and the notice says so.
 */
export function PaymentReturn({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const outcome = params.get('payment');
  const firstBalance = useRef(invoice.balance_due_cents);
  const [polls, setPolls] = useState(0);
  const updated = invoice.balance_due_cents !== firstBalance.current || invoice.status === 'paid';
  const waiting = outcome === 'success' && !updated && polls < maxPolls;

  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => {
      setPolls((count) => count + 1);
      void queryClient.invalidateQueries({ queryKey: invoiceKey(invoice.id) });
    }, pollEveryMs);
    return () => clearTimeout(timer);
  }, [waiting, queryClient, invoice.id]);

  if (outcome !== 'success' && outcome !== 'cancelled') return null;
  const dismiss = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('payment');
        next.delete('session_id');
        return next;
      },
      { replace: true },
    );

  if (outcome === 'cancelled') {
    return (
      <Alert
        color="gray"
        icon={<IconInfoCircle size={18} />}
        withCloseButton
        closeButtonLabel={t('common.close')}
        onClose={dismiss}
        data-testid="payment-cancelled"
      >
        {t('payments.return.cancelled')}
      </Alert>
    );
  }
  return (
    <Alert
      color="teal"
      icon={waiting ? <Loader size={16} color="teal" /> : <IconCircleCheck size={18} />}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={dismiss}
      role="status"
      data-testid="payment-success"
    >
      {updated
        ? t('payments.return.updated')
        : waiting
          ? t('payments.return.success')
          : t('payments.return.slow')}
    </Alert>
  );
}
