import { longDate, money } from './format.ts';
import type { MailBlock, MailCompany, MailContent, MailLanguage } from './layout.ts';

/** What a quote message shows: plain values, given by the quotes module (mail imports none). */
export interface QuoteMailData {
  customer_name: string;
  quote_number: string;
  valid_until: string;
  currency: string;
  total_cents: number;
  deposit_percent: number;
  /** The deposit asked on acceptance, taxes included. */
  deposit_cents: number;
  /** The customer's page: read, accept or decline the quote, no account needed. */
  url: string;
  /** A few words from whoever sent it, shown as written. */
  message: string | null;
}

function deCompany(name: string): string {
  return /^[aeiouyàâäéèêëîïôöûüæœ]/i.test(name) ? `d’${name}` : `de ${name}`;
}

const words = {
  'fr-CA': {
    subject: (number: string, company: string) => `Devis ${number} ${deCompany(company)}`,
    preheader: (total: string, date: string) => `Total : ${total} — valide jusqu’au ${date}`,
    heading: (number: string) => `Devis ${number}`,
    greeting: (name: string) => `Bonjour ${name},`,
    attached: (number: string) =>
      `Voici notre devis ${number}. Vous le trouverez aussi ci-joint en format PDF.`,
    number: 'Devis',
    validUntil: 'Valide jusqu’au',
    total: 'Total',
    deposit: (percent: number) => `Acompte à l’acceptation (${percent} %)`,
    open: 'Vous pouvez le consulter et l’accepter en ligne, sans créer de compte :',
    button: 'Voir le devis',
    questions: 'Pour toute question, répondez simplement à ce courriel.',
    thanks: (company: string) => `Merci de votre confiance,\n${company}`,
  },
  'en-CA': {
    subject: (number: string, company: string) => `Quote ${number} from ${company}`,
    preheader: (total: string, date: string) => `Total: ${total} — valid until ${date}`,
    heading: (number: string) => `Quote ${number}`,
    greeting: (name: string) => `Hello ${name},`,
    attached: (number: string) => `Here is our quote ${number}. It is also attached as a PDF.`,
    number: 'Quote',
    validUntil: 'Valid until',
    total: 'Total',
    deposit: (percent: number) => `Deposit on acceptance (${percent}%)`,
    open: 'You can read it and accept it online, no account needed:',
    button: 'View the quote',
    questions: 'If you have any question, simply reply to this email.',
    thanks: (company: string) => `Thank you for your business,\n${company}`,
  },
} as const;

export function quoteMail(data: QuoteMailData, language: MailLanguage, company: MailCompany): MailContent {
  const w = words[language];
  const total = money(data.total_cents, data.currency, language);
  const validUntil = longDate(data.valid_until, language);
  const rows: { label: string; value: string; strong?: boolean }[] = [
    { label: w.number, value: data.quote_number },
    { label: w.validUntil, value: validUntil },
    { label: w.total, value: total, strong: true },
  ];
  if (data.deposit_percent > 0) {
    rows.push({
      label: w.deposit(data.deposit_percent),
      value: money(data.deposit_cents, data.currency, language),
    });
  }
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: w.greeting(data.customer_name) },
    { kind: 'paragraph', text: w.attached(data.quote_number) },
  ];
  if (data.message) blocks.push({ kind: 'paragraph', text: data.message });
  blocks.push(
    { kind: 'facts', rows },
    { kind: 'paragraph', text: w.open },
    { kind: 'button', label: w.button, url: data.url },
    { kind: 'paragraph', text: w.questions },
    { kind: 'paragraph', text: w.thanks(company.name) },
  );
  return {
    subject: w.subject(data.quote_number, company.name),
    preheader: w.preheader(total, validUntil),
    heading: w.heading(data.quote_number),
    blocks,
  };
}
