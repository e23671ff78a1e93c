import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatCents } from '../../../lib/money';
import { QueryError } from '../../../ui/QueryError';
import { formatCalendarDate } from '../invoices/invoice-format';
import type { Invoice } from '../invoices/invoices.types';
import { creditNotePdfUrl, useInvoiceCreditNotes } from './credit-notes.api';

/** The credit notes issued against an invoice, oldest first, each with its PDF. */
export function InvoiceCreditNotes({ invoice }: { invoice: Invoice }) {
  const { t, i18n } = useTranslation();
  const notes = useInvoiceCreditNotes(invoice.id, { enabled: invoice.credit_notes.length > 0 });
  if (invoice.credit_notes.length === 0) return null;
  const money = (cents: number) => formatCents(cents, invoice.currency, i18n.language);

  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="invoice-credit-notes">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('creditNotes.list.title')}
        </Title>
        {notes.isPending ? (
          <Skeleton h={50} />
        ) : notes.isError ? (
          <QueryError error={notes.error} onRetry={() => void notes.refetch()} />
        ) : (
          <Stack gap={0}>
            {notes.data.data.map((note) => (
              <Group
                key={note.id}
                justify="space-between"
                align="flex-start"
                wrap="nowrap"
                gap="xs"
                py={8}
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                data-testid="credit-note-row"
              >
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text size="sm" fw={600} ff="monospace" data-testid="credit-note-number">
                      {note.number}
                    </Text>
                    <Badge size="xs" variant="light" color={note.kind === 'full' ? 'grape' : 'blue'}>
                      {t(`creditNotes.kinds.${note.kind}`)}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatCalendarDate(note.issued_on, i18n.language)} · {note.reason}
                  </Text>
                  <Anchor
                    href={creditNotePdfUrl(note.id)}
                    target="_blank"
                    rel="noopener"
                    size="xs"
                    data-testid="credit-note-pdf"
                  >
                    <Group gap={4} component="span">
                      <IconFileTypePdf size={14} />
                      {t('creditNotes.list.pdf')}
                    </Group>
                  </Anchor>
                </Stack>
                <Stack gap={0} align="flex-end">
                  <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="credit-note-total">
                    −{money(note.total_cents)}
                  </Text>
                  {note.total_cents > note.applied_cents && (
                    <Text size="xs" c="teal" style={{ whiteSpace: 'nowrap' }}>
                      {t('creditNotes.list.toAccount', {
                        amount: money(note.total_cents - note.applied_cents),
                      })}
                    </Text>
                  )}
                </Stack>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
