import {
  Alert,
  Box,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconCircleCheck, IconCircleX, IconLinkOff } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { changeLocale } from '../../i18n';
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatCents } from '../../lib/money';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import { Logo } from '../../ui/Logo';
import { usePageTitle } from '../../ui/PageTitle';
import { formatCalendarDate } from '../billing/invoices/invoice-format';
import { TotalsPanel } from '../billing/invoices/TotalsPanel';
import { SignaturePadField } from '../signatures/SignaturePadField';
import { DocumentLines } from './DocumentLines';
import { type QuoteAcceptance, usePublicAccept, usePublicDecline, usePublicQuote } from './quotes.api';

/**
 * /q/:token — the customer's page, reached from the quote email with no account: read the quote
 * (in their language, switchable), accept it with their name (then pay the deposit online when
 * a payment link comes back) or decline it. Built for a phone first.
 */
export function PublicQuotePage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const quote = usePublicQuote(token);
  const accept = usePublicAccept(token);
  const decline = usePublicDecline(token);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string>();
  const [reason, setReason] = useState('');
  // The drawn signature is optional evidence: the name alone accepts.
  const [drawing, setDrawing] = useState(false);
  const [signature, setSignature] = useState<string | null>(null);
  const [signatureError, setSignatureError] = useState<string>();
  const [declining, setDeclining] = useState(false);
  const [done, setDone] = useState<
    { kind: 'accepted'; result: QuoteAcceptance } | { kind: 'declined' } | null
  >(null);
  const [alert, setAlert] = useState<string>();
  usePageTitle(quote.data ? t('publicQuote.title', { number: quote.data.number }) : t('publicQuote.loading'));

  // The customer's language first; their own switch afterwards wins.
  const languageSet = useRef(false);
  useEffect(() => {
    if (quote.data && !languageSet.current) {
      languageSet.current = true;
      if (!i18n.language.startsWith(quote.data.language.slice(0, 2))) void changeLocale(quote.data.language);
    }
  }, [quote.data, i18n.language]);

  const submitAccept = async () => {
    setAlert(undefined);
    if (!name.trim()) {
      setNameError(t('publicQuote.nameRequired'));
      return;
    }
    setNameError(undefined);
    try {
      setSignatureError(undefined);
      const result = await accept.mutateAsync({
        name: name.trim(),
        ...(drawing && signature ? { signature } : {}),
      });
      if (result.payment_url) {
        window.location.assign(result.payment_url);
        return;
      }
      setDone({ kind: 'accepted', result });
    } catch (error) {
      const field = isApiError(error) ? error.errors.find((entry) => entry.path === 'name') : undefined;
      const drawn = isApiError(error) ? error.errors.find((entry) => entry.path === 'signature') : undefined;
      if (field) setNameError(field.message);
      else if (drawn) setSignatureError(t('publicQuote.signatureInvalid'));
      else setAlert(errorMessage(error, t));
    }
  };

  const submitDecline = async () => {
    setAlert(undefined);
    try {
      await decline.mutateAsync({ reason: reason.trim() || null });
      setDone({ kind: 'declined' });
    } catch (error) {
      setAlert(errorMessage(error, t));
    }
  };

  const data = quote.data;
  const money = (cents: number) => formatCents(cents, data?.currency ?? 'CAD', i18n.language);

  return (
    <Box mih="100dvh" bg="var(--mantine-color-gray-0)" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group justify="space-between" p="md">
        <Logo />
        <LanguageSwitch />
      </Group>
      <Center flex={1} px={{ base: 'xs', sm: 'md' }} pb="xl" style={{ alignItems: 'flex-start' }}>
        <Paper
          withBorder
          shadow="sm"
          radius="md"
          p={{ base: 'md', sm: 'xl' }}
          w="100%"
          maw={720}
          data-testid="public-quote"
        >
          {quote.isPending ? (
            <Center py="xl">
              <Loader />
            </Center>
          ) : quote.isError || !data ? (
            <Stack align="center" gap="sm" py="lg" data-testid="public-quote-invalid">
              <ThemeIcon size={48} radius="xl" color="gray" variant="light">
                <IconLinkOff size={28} />
              </ThemeIcon>
              <Title order={1} size="h3" ta="center">
                {t('publicQuote.invalidTitle')}
              </Title>
              <Text ta="center" c="dimmed">
                {t('publicQuote.invalidBody')}
              </Text>
            </Stack>
          ) : done?.kind === 'accepted' ? (
            <Stack align="center" gap="sm" py="lg" data-testid="public-quote-accepted">
              <ThemeIcon size={48} radius="xl" color="teal" variant="light">
                <IconCircleCheck size={30} />
              </ThemeIcon>
              <Title order={1} size="h3" ta="center">
                {t('publicQuote.acceptedTitle', { number: data.number })}
              </Title>
              <Text ta="center">{t('publicQuote.acceptedOrder', { order: done.result.order_number })}</Text>
              {done.result.deposit_invoice_number && (
                <Text ta="center" c="dimmed" data-testid="public-quote-deposit-sent">
                  {t(
                    done.result.deposit_invoice_emailed
                      ? 'publicQuote.depositSent'
                      : 'publicQuote.depositNotEmailed',
                    {
                      invoice: done.result.deposit_invoice_number,
                      amount: money(done.result.deposit_total_cents),
                    },
                  )}
                </Text>
              )}
            </Stack>
          ) : done?.kind === 'declined' ? (
            <Stack align="center" gap="sm" py="lg" data-testid="public-quote-declined">
              <ThemeIcon size={48} radius="xl" color="gray" variant="light">
                <IconCircleX size={30} />
              </ThemeIcon>
              <Title order={1} size="h3" ta="center">
                {t('publicQuote.declinedTitle')}
              </Title>
              <Text ta="center" c="dimmed">
                {t('publicQuote.declinedBody', { company: data.company.name })}
              </Text>
            </Stack>
          ) : (
            <Stack gap="md">
              <Stack gap={2}>
                <Text size="sm" c="dimmed">
                  {data.company.name}
                </Text>
                <Title order={1} size="h2">
                  {t('publicQuote.title', { number: data.number })}
                </Title>
                <Text size="sm">{t('publicQuote.for', { name: data.customer_name })}</Text>
                <Text size="sm" c="dimmed">
                  {t('publicQuote.validUntil', { date: formatCalendarDate(data.valid_until, i18n.language) })}
                </Text>
              </Stack>
              <DocumentLines lines={data.lines} currency={data.currency} />
              <TotalsPanel
                totals={data}
                currency={data.currency}
                promoCode={data.promo_code}
                taxExempt={data.tax_exempt}
              />
              {data.notes && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {data.notes}
                </Text>
              )}
              {data.deposit_percent > 0 && (
                <Alert color="blue" variant="light" data-testid="public-quote-deposit">
                  {t('publicQuote.deposit', {
                    percent: data.deposit_percent,
                    amount: money(data.deposit_cents),
                  })}
                </Alert>
              )}
              <Divider />
              {alert && (
                <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                  {alert}
                </Alert>
              )}
              {declining ? (
                <Stack gap="sm">
                  <Textarea
                    label={t('publicQuote.reason')}
                    value={reason}
                    onChange={(event) => setReason(event.currentTarget.value)}
                    autosize
                    minRows={2}
                    data-testid="public-decline-reason"
                  />
                  <Group grow>
                    <Button variant="default" onClick={() => setDeclining(false)}>
                      {t('common.cancel')}
                    </Button>
                    <Button
                      color="red"
                      loading={decline.isPending}
                      onClick={() => void submitDecline()}
                      data-testid="public-decline-confirm"
                    >
                      {t('publicQuote.declineConfirm')}
                    </Button>
                  </Group>
                </Stack>
              ) : (
                <Stack gap="sm">
                  <TextInput
                    label={t('publicQuote.name')}
                    description={t('publicQuote.nameHelp')}
                    value={name}
                    onChange={(event) => setName(event.currentTarget.value)}
                    error={nameError}
                    size="md"
                    autoComplete="name"
                    data-testid="public-accept-name"
                  />
                  {drawing ? (
                    <Stack gap={4} data-testid="public-signature">
                      <Text size="sm" fw={500}>
                        {t('publicQuote.signatureLabel')}
                      </Text>
                      <SignaturePadField onChange={setSignature} />
                      {signatureError && (
                        <Text size="sm" c="red">
                          {signatureError}
                        </Text>
                      )}
                    </Stack>
                  ) : (
                    <Button
                      variant="default"
                      size="sm"
                      onClick={() => setDrawing(true)}
                      data-testid="public-draw-signature"
                    >
                      {t('publicQuote.drawSignature')}
                    </Button>
                  )}
                  <Button
                    size="md"
                    color="green"
                    loading={accept.isPending}
                    onClick={() => void submitAccept()}
                    data-testid="public-accept"
                  >
                    {data.deposit_percent > 0 ? t('publicQuote.acceptAndPay') : t('publicQuote.accept')}
                  </Button>
                  <Button
                    variant="subtle"
                    color="gray"
                    onClick={() => setDeclining(true)}
                    data-testid="public-decline"
                  >
                    {t('publicQuote.decline')}
                  </Button>
                </Stack>
              )}
            </Stack>
          )}
        </Paper>
      </Center>
    </Box>
  );
}
