import { Button, Group, Paper, TextInput } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { notifyError, notifySuccess } from '../../ui/notify';
import { useRunRecurring } from './recurring.api';

/** Admins: create the invoices of every period due as of a day (empty: today), as the daily job does. */
export function RunRecurringForm() {
  const { t } = useTranslation();
  const run = useRunRecurring();
  const [asOf, setAsOf] = useState('');
  const error = isApiError(run.error)
    ? (run.error.fieldErrors.as_of ??
      (run.error.code === 'recurring_invoice.as_of_in_future' ? t('recurring.run.future') : undefined))
    : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate(asOf || null, {
      onSuccess: (result) => notifySuccess(t('recurring.run.done', { count: result.created })),
      onError: (failure) => {
        if (!isApiError(failure) || failure.status >= 500) notifyError(failure);
      },
    });
  };
  return (
    <Paper withBorder radius="md" p="sm">
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            type="date"
            label={t('recurring.run.asOf')}
            value={asOf}
            onChange={(event) => setAsOf(event.currentTarget.value)}
            error={error}
            w={{ base: '100%', xs: 200 }}
            data-testid="recurring-as-of"
          />
          <Button
            type="submit"
            variant="light"
            loading={run.isPending}
            leftSection={<IconPlayerPlay size={16} />}
            data-testid="recurring-run"
          >
            {t('recurring.run.submit')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
