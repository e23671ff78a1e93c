import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatCents } from '../../lib/money';
import { notifySuccess } from '../../ui/notify';
import { InvoiceCustomerField } from '../billing/invoices/InvoiceCustomerField';
import { emptyValues, fieldMessage, formPath, type InvoiceValues } from '../billing/invoices/invoice-form';
import { currencySymbol, formatCalendarDate } from '../billing/invoices/invoice-format';
import { useCustomer } from '../billing/invoices/invoices.api';
import { LinesPanel } from '../billing/invoices/LinesPanel';
import { TotalsPanel } from '../billing/invoices/TotalsPanel';
import { useLiveTotals } from '../billing/invoices/useLiveTotals';
import { useFinances } from '../finances/finances.api';
import { type ScheduleDetail, useSaveSchedule } from './recurring.api';
import { ScheduleFields } from './ScheduleFields';
import {
  contentValuesOf,
  emptySchedule,
  localToday,
  type ScheduleValues,
  scheduleBody,
  scheduleValuesOf,
} from './schedule-form';

/**
 * A recurring invoice, new or saved: the customer, the schedule, and the content of each
 * invoice with the invoice editor's own line components and live totals (the server's
 * computeTotals). Errors land beside their field.
 */
export function RecurringEditor({
  schedule,
  initialCustomerId,
}: {
  schedule?: ScheduleDetail;
  initialCustomerId?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const form = useForm<InvoiceValues>({
    initialValues: schedule
      ? contentValuesOf(schedule, i18n.language)
      : emptyValues(initialCustomerId ?? null),
  });
  const values = form.getValues();
  const [when, setWhen] = useState<ScheduleValues>(() =>
    schedule ? scheduleValuesOf(schedule) : emptySchedule(localToday()),
  );
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [submitted, setSubmitted] = useState(false);
  const [alert, setAlert] = useState<string>();
  const save = useSaveSchedule(schedule?.id);

  const customerId = values.customer_id;
  const customer = useCustomer(customerId);
  const finances = useFinances(customerId ?? '', { enabled: !!customerId });
  const taxExempt = customer.data?.tax_exempt ?? false;
  const currency = schedule?.currency ?? finances.data?.currency ?? 'CAD';
  const live = useLiveTotals(values, { taxExempt, customerId: null, currency });
  const money = (cents: number) => formatCents(cents, currency, i18n.language);
  const symbol = (
    <Text size="xs" c="dimmed">
      {currencySymbol(currency, i18n.language)}
    </Text>
  );

  const errorOf = (path: string): string | undefined =>
    serverErrors[path] ?? (submitted || form.isTouched(path) ? live.errors[path] : undefined);

  const submit = async () => {
    setSubmitted(true);
    setAlert(undefined);
    setServerErrors({});
    if (!customerId) {
      setServerErrors({ customer_id: t('invoices.errors.customerRequired') });
      return;
    }
    if (Object.keys(live.errors).length) {
      setAlert(t('errors.checkFields'));
      return;
    }
    if (live.lineIndexes.length === 0) {
      setAlert(t('recurring.editor.noLines'));
      return;
    }
    const { promo_code: _promo, ...content } = live.body;
    const body = { ...content, ...scheduleBody(when) };
    try {
      const saved = await save.mutateAsync(schedule ? body : { ...body, customer_id: customerId, currency });
      if (schedule) notifySuccess(t('recurring.editor.saved'));
      else
        notifySuccess(
          t('recurring.editor.created', { date: formatCalendarDate(saved.next_run_date, i18n.language) }),
        );
      await navigate(`/recurring-invoices/${saved.id}`, { replace: !schedule });
    } catch (error) {
      if (!isApiError(error)) {
        setAlert(errorMessage(error, t));
        return;
      }
      const placed: Record<string, string> = {};
      for (const field of error.errors)
        placed[formPath(field.path, live.lineIndexes)] ??= fieldMessage(field.message, t);
      setServerErrors(placed);
      setAlert(error.errors.length ? t('errors.checkFields') : errorMessage(error, t));
    }
  };

  const pastStart = !schedule && when.start_date !== '' && when.start_date < localToday();

  return (
    <Stack gap="md" data-testid="schedule-editor">
      <Title order={1} size="h2">
        {schedule ? t('recurring.editor.editTitle') : t('recurring.editor.newTitle')}
      </Title>
      {alert && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="schedule-alert">
          {alert}
        </Alert>
      )}
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <InvoiceCustomerField
          customerId={customerId}
          customer={customer.data}
          finances={finances.data}
          editable={!schedule}
          error={errorOf('customer_id')}
          onChange={(id) => form.setFieldValue('customer_id', id)}
        />
      </Paper>
      <ScheduleFields
        values={when}
        onChange={(patch) => setWhen((current) => ({ ...current, ...patch }))}
        errorOf={(path) => serverErrors[path]}
        fixed={!!schedule && schedule.invoices_generated > 0}
      />
      {pastStart && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} p="xs">
          {t('recurring.editor.pastStart')}
        </Alert>
      )}
      <LinesPanel
        form={form}
        errorOf={errorOf}
        lineTotals={live.rowTotals}
        currency={currency}
        isPhone={isPhone}
        customerId={customerId}
        priceLevel={finances.data?.price_level ?? null}
        loading={finances.isPending}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('recurring.editor.adjustments')}
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                {...form.getInputProps('invoice_discount_cents')}
                error={errorOf('invoice_discount_cents')}
                label={t('recurring.fields.discount')}
                inputMode="decimal"
                placeholder="0"
                rightSection={symbol}
              />
              <Stack gap={4}>
                <TextInput
                  {...form.getInputProps('shipping_cents')}
                  error={errorOf('shipping_cents')}
                  label={t('recurring.fields.shipping')}
                  inputMode="decimal"
                  placeholder="0"
                  rightSection={symbol}
                />
                <Checkbox
                  size="xs"
                  {...form.getInputProps('shipping_taxable', { type: 'checkbox' })}
                  label={t('recurring.fields.shippingTaxable')}
                />
              </Stack>
            </SimpleGrid>
            <Textarea
              {...form.getInputProps('notes')}
              error={errorOf('notes')}
              label={t('recurring.fields.notes')}
              autosize
              minRows={2}
              maxRows={8}
            />
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('invoices.totals.title')}
            </Title>
            <TotalsPanel
              totals={live.totals}
              currency={currency}
              promoCode={null}
              promoPending={false}
              taxExempt={taxExempt}
            />
          </Stack>
        </Paper>
      </SimpleGrid>
      <Paper withBorder shadow="sm" radius="md" p="sm" style={{ position: 'sticky', bottom: 8, zIndex: 5 }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <div>
            <Text size="xs" c="dimmed">
              {t('recurring.detail.perInvoice')}
            </Text>
            <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }} data-testid="schedule-total">
              {live.totals ? money(live.totals.total_cents) : '—'}
            </Text>
          </div>
          <Button
            onClick={() => void submit()}
            loading={save.isPending}
            disabled={!!customerId && finances.isPending}
            leftSection={<IconDeviceFloppy size={16} />}
            data-testid="save-schedule"
          >
            {t('recurring.editor.save')}
          </Button>
        </Group>
      </Paper>
    </Stack>
  );
}
