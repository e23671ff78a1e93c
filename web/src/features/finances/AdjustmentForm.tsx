import { Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/errors';
import { parseDollars } from '../../lib/money';
import { notifySuccess } from '../../ui/notify';
import { FormAlert } from '../customers/parts/PartForm';
import { useAdjustBalance } from './finances.api';
import { maxAmountCents } from './money';
import { useMoney } from './useMoney';

const fields = ['amount_cents', 'reason', 'description'];

/** An admin's correction of the balance: a signed amount in dollars, and why. */
export function AdjustmentForm({ customerId, currency }: { customerId: string; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const adjust = useAdjustBalance(customerId);
  const [alert, setAlert] = useState<string>();
  const form = useForm({
    initialValues: { amount_cents: '', reason: '', description: '' },
    validate: {
      amount_cents: (value) => {
        const parsed = parseDollars(value, { allowNegative: true, maxCents: maxAmountCents });
        if (!parsed.ok) return t(`finances.amountErrors.${parsed.reason}`);
        return parsed.cents === 0 ? t('finances.amountErrors.zero') : null;
      },
      reason: (value) => (value.trim().length < 3 ? t('finances.adjustment.reasonRequired') : null),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    const parsed = parseDollars(values.amount_cents, { allowNegative: true, maxCents: maxAmountCents });
    if (!parsed.ok) return;
    try {
      const entry = await adjust.mutateAsync({
        amount_cents: parsed.cents,
        reason: values.reason.trim(),
        description: values.description.trim() || null,
      });
      notifySuccess(
        t('finances.adjustment.done', { balance: money(entry.balance_after_cents, entry.currency) }),
      );
      form.reset();
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate data-testid="adjustment-form">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('finances.adjustment.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('finances.adjustment.help', { currency })}
          </Text>
          <FormAlert message={alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('finances.adjustment.amount')}
              placeholder="-25,00"
              inputMode="decimal"
              required
              rightSection={<Text size="sm">$</Text>}
              {...form.getInputProps('amount_cents')}
            />
            <TextInput
              label={t('finances.adjustment.description')}
              maxLength={200}
              {...form.getInputProps('description')}
            />
          </SimpleGrid>
          <Textarea
            label={t('finances.adjustment.reason')}
            required
            autosize
            minRows={2}
            maxLength={500}
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={adjust.isPending} data-testid="adjustment-submit">
              {t('finances.adjustment.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
