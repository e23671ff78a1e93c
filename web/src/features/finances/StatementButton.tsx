import { Button, Group, Popover, Stack, Text, TextInput } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toSearch } from '../../lib/api';
import { thisMonth, today } from '../../lib/calendar';

/**
 * "Relevé de compte": the customer's statement for a period (this month to date by default), as the
 * server's PDF in a new tab, in the customer's language.
 */
export function StatementButton({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  // This month so far: the closing balance is today's.
  const [range, setRange] = useState(() => ({ from: thisMonth().from, to: today() }));
  const inOrder = !range.from || !range.to || range.from <= range.to;
  const url = `/api/v1/customers/${customerId}/statement${toSearch(range)}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!inOrder) return;
    window.open(url, '_blank', 'noopener');
    setOpened(false);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" trapFocus withArrow shadow="md">
      <Popover.Target>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconFileTypePdf size={14} />}
          onClick={() => setOpened((value) => !value)}
          data-testid="statement-open"
        >
          {t('finances.statement.open')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={submit} data-testid="statement-form">
          <Stack gap="xs" w={260}>
            <Text size="sm" fw={600}>
              {t('finances.statement.title')}
            </Text>
            <TextInput
              type="date"
              label={t('finances.statement.from')}
              value={range.from}
              max={range.to}
              data-autofocus
              onChange={(event) => setRange({ ...range, from: event.currentTarget.value })}
              data-testid="statement-from"
            />
            <TextInput
              type="date"
              label={t('finances.statement.to')}
              value={range.to}
              min={range.from}
              error={inOrder ? undefined : t('salesTaxes.toBeforeFrom')}
              onChange={(event) => setRange({ ...range, to: event.currentTarget.value })}
              data-testid="statement-to"
            />
            <Group justify="flex-end">
              <Button type="submit" size="xs" disabled={!inOrder} data-testid="statement-submit">
                {t('finances.statement.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
