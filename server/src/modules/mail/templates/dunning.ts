import { days, longDate, money } from './format.ts';
import { type InvoiceMailData, invoiceFacts, payBlocks } from './invoice.ts';
import type { MailBlock, MailCompany, MailContent, MailLanguage } from './layout.ts';

export interface DunningMailData extends InvoiceMailData {
  /** Whole days past the due date, in the company's time zone. */
  days_late: number;
}

export const dunningLevels = [1, 2, 3, 4] as const;
export type DunningLevel = (typeof dunningLevels)[number];

interface LevelWords {
  subject: (number: string, late: string) => string;
  heading: string;
  tone: 'info' | 'warning' | 'danger';
  notice: (number: string, date: string, late: string) => string;
  ask: (due: string) => string;
}

/* The tone rises from a friendly nudge (level 1) to a last notice (level 4). */
const levels: Record<MailLanguage, Record<DunningLevel, LevelWords>> = {
  'fr-CA': {
    1: {
      subject: (number) => `Rappel : la facture ${number} est échue`,
      heading: 'Petit rappel de paiement',
      tone: 'info',
      notice: (number, date, late) =>
        `Sauf erreur de notre part, la facture ${number}, échue le ${date}, n’est pas encore réglée (${late} de retard).`,
      ask: (due) =>
        `Il s’agit peut-être d’un simple oubli : nous vous serions reconnaissants de régler le solde de ${due} dès que possible.`,
    },
    2: {
      subject: (number) => `Deuxième rappel : la facture ${number} est impayée`,
      heading: 'Deuxième rappel',
      tone: 'warning',
      notice: (number, date, late) =>
        `Malgré notre premier rappel, la facture ${number}, échue le ${date}, demeure impayée (${late} de retard).`,
      ask: (due) => `Nous vous prions de régler le solde de ${due} sans tarder.`,
    },
    3: {
      subject: (number, late) => `Urgent : la facture ${number} est en souffrance depuis ${late}`,
      heading: 'Paiement en souffrance — action requise',
      tone: 'danger',
      notice: (number, date, late) =>
        `La facture ${number}, échue le ${date}, est en souffrance depuis ${late}.`,
      ask: (due) =>
        `Veuillez régler le solde de ${due} dans les 7 prochains jours, ou communiquer avec nous pour convenir d’une entente de paiement.`,
    },
    4: {
      subject: (number) => `Dernier avis : facture ${number}`,
      heading: 'Dernier avis avant recouvrement',
      tone: 'danger',
      notice: (number, date, late) =>
        `Ceci est notre dernier avis : la facture ${number}, échue le ${date}, est impayée depuis ${late}.`,
      ask: (due) =>
        `Sans paiement du solde de ${due} ou entente avec nous, nous devrons prendre d’autres mesures de recouvrement.`,
    },
  },
  'en-CA': {
    1: {
      subject: (number) => `Reminder: invoice ${number} is past due`,
      heading: 'A friendly payment reminder',
      tone: 'info',
      notice: (number, date, late) =>
        `Our records show that invoice ${number}, due ${date}, has not been paid yet (${late} late).`,
      ask: (due) =>
        `It may simply have slipped through: we would appreciate payment of the ${due} balance at your earliest convenience.`,
    },
    2: {
      subject: (number) => `Second reminder: invoice ${number} is unpaid`,
      heading: 'Second reminder',
      tone: 'warning',
      notice: (number, date, late) =>
        `Despite our first reminder, invoice ${number}, due ${date}, remains unpaid (${late} late).`,
      ask: (due) => `Please pay the ${due} balance without delay.`,
    },
    3: {
      subject: (number, late) => `Urgent: invoice ${number} is ${late} overdue`,
      heading: 'Overdue payment — action required',
      tone: 'danger',
      notice: (number, date, late) => `Invoice ${number}, due ${date}, is now ${late} overdue.`,
      ask: (due) =>
        `Please pay the ${due} balance within the next 7 days, or contact us to arrange a payment plan.`,
    },
    4: {
      subject: (number) => `Final notice: invoice ${number}`,
      heading: 'Final notice before collection',
      tone: 'danger',
      notice: (number, date, late) =>
        `This is our final notice: invoice ${number}, due ${date}, has been unpaid for ${late}.`,
      ask: (due) =>
        `Unless the ${due} balance is paid or an arrangement is made with us, we will have to take further collection steps.`,
    },
  },
};

const common = {
  'fr-CA': {
    greeting: (name: string) => `Bonjour ${name},`,
    late: 'Jours de retard',
    attached: 'La facture est jointe à ce courriel en format PDF.',
    already: 'Si vous avez déjà effectué ce paiement, merci de ne pas tenir compte de ce message.',
    thanks: (company: string) => `Cordialement,\n${company}`,
  },
  'en-CA': {
    greeting: (name: string) => `Hello ${name},`,
    late: 'Days late',
    attached: 'The invoice is attached to this email as a PDF.',
    already: 'If you have already made this payment, please disregard this message.',
    thanks: (company: string) => `Kind regards,\n${company}`,
  },
} as const;

export function dunningMail(
  level: DunningLevel,
  data: DunningMailData,
  language: MailLanguage,
  company: MailCompany,
): MailContent {
  const w = levels[language][level];
  const c = common[language];
  const late = days(data.days_late, language);
  const due = money(data.balance_due_cents, data.currency, language);
  const dueOn = data.due_on ? longDate(data.due_on, language) : '';
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: c.greeting(data.customer_name) },
    { kind: 'notice', tone: w.tone, text: w.notice(data.invoice_number, dueOn, late) },
    { kind: 'paragraph', text: w.ask(due) },
    invoiceFacts(data, language, [{ label: c.late, value: String(data.days_late) }]),
    ...payBlocks(data, language),
    { kind: 'paragraph', text: c.attached },
    { kind: 'paragraph', text: c.already },
    { kind: 'paragraph', text: c.thanks(company.name) },
  ];
  return {
    subject: w.subject(data.invoice_number, late),
    preheader: w.notice(data.invoice_number, dueOn, late),
    heading: w.heading,
    blocks,
  };
}
