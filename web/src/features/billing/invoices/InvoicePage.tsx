import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack } from '@mantine/core';
import { IconArrowLeft, IconFileTypePdf, IconLock, IconPackage } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { usePageTitle } from '../../../ui/PageTitle';
import { QueryError } from '../../../ui/QueryError';
import { useMe } from '../../auth/auth.api';
import { SendInvoiceButton } from '../../mail/SendInvoiceButton';
import { InvoiceCreditNotes } from '../credit-notes/InvoiceCreditNotes';
import { InvoicePayments } from '../payments/InvoicePayments';
import { PaymentReturn } from '../payments/PaymentReturn';
import { InvoiceActions } from './InvoiceActions';
import { InvoiceEditor } from './InvoiceEditor';
import { InvoiceView } from './InvoiceView';
import { useInvoice } from './invoices.api';

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/invoices" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('invoices.backToList')}
      </Group>
    </Anchor>
  );
}

function useCanWrite() {
  const role = useMe().data?.user?.role;
  return role === 'admin' || role === 'staff';
}

/** /invoices/new (?customer_id= prefills the customer): staff and admins only. */
export function NewInvoicePage() {
  const { t } = useTranslation();
  usePageTitle(t('invoices.editor.newTitle'));
  const [params] = useSearchParams();
  const canWrite = useCanWrite();
  return (
    <Stack gap="md">
      <BackLink />
      {canWrite ? (
        <InvoiceEditor initialCustomerId={params.get('customer_id')} />
      ) : (
        <Alert color="gray" icon={<IconLock size={18} />}>
          {t('invoices.writersOnly')}
        </Alert>
      )}
    </Stack>
  );
}

/** /invoices/:id: a draft opens in the editor for those who write invoices, anything else read-only. */
export function InvoicePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const invoice = useInvoice(id);
  const finalizeOnOpen = (location.state as { finalize?: boolean } | null)?.finalize === true;
  // Asked once: a reload later does not open the confirmation again.
  useEffect(() => {
    if (finalizeOnOpen && invoice.data) void navigate(location.pathname, { replace: true, state: null });
  }, [finalizeOnOpen, invoice.data, navigate, location.pathname]);
  const canWrite = useCanWrite();
  usePageTitle(invoice.data ? (invoice.data.number ?? t('invoices.draftNumber')) : t('invoices.title'));

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="xs">
        <BackLink />
        {invoice.data?.order_id && (
          // Made from an order (its deposit or part of it): the way back to it.
          <Button
            component={Link}
            to={`/orders/${invoice.data.order_id}`}
            variant="light"
            size="xs"
            leftSection={<IconPackage size={16} />}
            data-testid="invoice-order"
          >
            {t('quotes.actions.order')}
          </Button>
        )}
        {invoice.data && <SendInvoiceButton invoice={invoice.data} />}
        {invoice.data && (
          // The server's PDF, in the customer's language (a draft is marked BROUILLON).
          <Button
            component="a"
            href={`/api/v1/invoices/${invoice.data.id}/pdf`}
            target="_blank"
            rel="noopener"
            variant="default"
            size="xs"
            leftSection={<IconFileTypePdf size={16} />}
            data-testid="invoice-pdf"
          >
            {t('invoices.openPdf')}
          </Button>
        )}
      </Group>
      {invoice.isPending ? (
        <Stack gap="md" aria-busy>
          <Paper withBorder radius="md" p="md">
            <Skeleton h={30} w="40%" mb="sm" />
            <Skeleton h={16} w="25%" />
          </Paper>
          <Skeleton h={200} />
          <Skeleton h={160} />
        </Stack>
      ) : invoice.isError ? (
        <QueryError error={invoice.error} onRetry={() => void invoice.refetch()} />
      ) : invoice.data.status === 'draft' && canWrite ? (
        <InvoiceEditor key={invoice.data.id} invoice={invoice.data} finalizeOnOpen={finalizeOnOpen} />
      ) : invoice.data.status === 'draft' ? (
        <InvoiceView invoice={invoice.data} />
      ) : (
        <>
          <PaymentReturn invoice={invoice.data} />
          <InvoiceView invoice={invoice.data} actions={<InvoiceActions invoice={invoice.data} />}>
            {invoice.data.status !== 'void' && <InvoicePayments invoice={invoice.data} />}
            <InvoiceCreditNotes invoice={invoice.data} />
          </InvoiceView>
        </>
      )}
    </Stack>
  );
}
