import { longDate, money } from './format.ts';
import type { MailBlock, MailCompany, MailContent, MailLanguage } from './layout.ts';

/** What an invoice message shows: plain values, given by billing (mail imports no billing). */
export interface InvoiceMailData {
  customer_name: string;
  invoice_number: string;
  issued_on: string | null;
  due_on: string | null;
  currency: string;
  total_cents: number;
  balance_due_cents: number;
  /** A link that opens online payment of the balance (Stripe Checkout); null when online payment is off. */
  payment_url: string | null;
  /** A few words from whoever sent it, shown as written. */
  message: string | null;
}

/** "de Garage Tremblay", "d’Atrium": French elides before a vowel. */
function deCompany(name: string): string {
  return /^[aeiouyàâäéèêëîïôöûüæœ]/i.test(name) ? `d’${name}` : `de ${name}`;
}

const words = {
  'fr-CA': {
    subject: (number: string, company: string) => `Facture ${number} ${deCompany(company)}`,
    preheader: (due: string, date: string | null) =>
      date ? `Solde dû : ${due} — échéance le ${date}` : `Solde dû : ${due}`,
    paidPreheader: 'Cette facture est réglée. Merci!',
    heading: (number: string) => `Facture ${number}`,
    greeting: (name: string) => `Bonjour ${name},`,
    attached: (number: string) => `Veuillez trouver ci-joint la facture ${number} en format PDF.`,
    settled: 'Cette facture est entièrement réglée : aucun paiement n’est requis. Merci!',
    number: 'Facture',
    issued: 'Date',
    due: 'Échéance',
    total: 'Total',
    balance: 'Solde dû',
    payOnline: 'Vous pouvez la régler en ligne, en toute sécurité, par carte de crédit.',
    payButton: 'Payer en ligne',
    questions: 'Pour toute question au sujet de cette facture, répondez simplement à ce courriel.',
    thanks: (company: string) => `Merci de votre confiance,\n${company}`,
  },
  'en-CA': {
    subject: (number: string, company: string) => `Invoice ${number} from ${company}`,
    preheader: (due: string, date: string | null) =>
      date ? `Balance due: ${due} — due ${date}` : `Balance due: ${due}`,
    paidPreheader: 'This invoice is paid. Thank you!',
    heading: (number: string) => `Invoice ${number}`,
    greeting: (name: string) => `Hello ${name},`,
    attached: (number: string) => `Please find invoice ${number} attached as a PDF.`,
    settled: 'This invoice is paid in full: no payment is needed. Thank you!',
    number: 'Invoice',
    issued: 'Date',
    due: 'Due',
    total: 'Total',
    balance: 'Balance due',
    payOnline: 'You can pay it online, securely, by credit card.',
    payButton: 'Pay online',
    questions: 'If you have any question about this invoice, simply reply to this email.',
    thanks: (company: string) => `Thank you for your business,\n${company}`,
  },
} as const;

/** The invoice's facts, shared with the reminders. */
export function invoiceFacts(
  data: InvoiceMailData,
  language: MailLanguage,
  extra: { label: string; value: string }[] = [],
) {
  const w = words[language];
  const rows: { label: string; value: string; strong?: boolean }[] = [
    { label: w.number, value: data.invoice_number },
  ];
  if (data.issued_on) rows.push({ label: w.issued, value: longDate(data.issued_on, language) });
  if (data.due_on) rows.push({ label: w.due, value: longDate(data.due_on, language) });
  rows.push(...extra);
  rows.push({ label: w.total, value: money(data.total_cents, data.currency, language) });
  rows.push({
    label: w.balance,
    value: money(data.balance_due_cents, data.currency, language),
    strong: true,
  });
  return { kind: 'facts' as const, rows };
}

/** The pay-online paragraph and button, when there is a balance and a link. */
export function payBlocks(data: InvoiceMailData, language: MailLanguage): MailBlock[] {
  if (!data.payment_url || data.balance_due_cents <= 0) return [];
  const w = words[language];
  return [
    { kind: 'paragraph', text: w.payOnline },
    { kind: 'button', label: w.payButton, url: data.payment_url },
  ];
}

export function invoiceMail(
  data: InvoiceMailData,
  language: MailLanguage,
  company: MailCompany,
): MailContent {
  const w = words[language];
  const due = money(data.balance_due_cents, data.currency, language);
  const settled = data.balance_due_cents <= 0;
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: w.greeting(data.customer_name) },
    { kind: 'paragraph', text: w.attached(data.invoice_number) },
  ];
  if (data.message) blocks.push({ kind: 'paragraph', text: data.message });
  blocks.push(invoiceFacts(data, language));
  if (settled) blocks.push({ kind: 'notice', tone: 'info', text: w.settled });
  blocks.push(...payBlocks(data, language));
  blocks.push({ kind: 'paragraph', text: w.questions }, { kind: 'paragraph', text: w.thanks(company.name) });
  return {
    subject: w.subject(data.invoice_number, company.name),
    preheader: settled
      ? w.paidPreheader
      : w.preheader(due, data.due_on ? longDate(data.due_on, language) : null),
    heading: w.heading(data.invoice_number),
    blocks,
  };
}
