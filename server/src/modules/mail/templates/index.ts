import { type DunningMailData, dunningMail } from './dunning.ts';
import { type InvoiceMailData, invoiceMail } from './invoice.ts';
import {
  type MailCompany,
  type MailContent,
  type MailLanguage,
  type RenderedMail,
  renderMail,
} from './layout.ts';
import { type QuoteMailData, quoteMail } from './quote.ts';
import { type TicketMailData, ticketReceivedMail, ticketReplyMail } from './ticket.ts';

/**
 * Every kind of message and the data its template takes. A new kind (quote, order, recurring
 * invoice…) is a line here and a template with both languages: the compiler refuses a kind
 * without its template, a template without French or English.
 */
export interface MailTemplateData {
  invoice: InvoiceMailData;
  dunning_1: DunningMailData;
  dunning_2: DunningMailData;
  dunning_3: DunningMailData;
  dunning_4: DunningMailData;
  quote: QuoteMailData;
  ticket_received: TicketMailData;
  ticket_reply: TicketMailData;
}

export type MailKind = keyof MailTemplateData;

/**
 * Service messages need `service_notifications` consent; marketing ones `marketing_email`.
 * A reply answers a request the person sent themselves (a support ticket): it needs none, but
 * a customer who refuses all contact (`preferred_contact_channel = none`) still gets nothing.
 */
export type MailPurpose = 'service' | 'marketing' | 'reply';

const templates: {
  [K in MailKind]: {
    purpose: MailPurpose;
    compose(data: MailTemplateData[K], language: MailLanguage, company: MailCompany): MailContent;
  };
} = {
  invoice: { purpose: 'service', compose: invoiceMail },
  quote: { purpose: 'service', compose: quoteMail },
  dunning_1: {
    purpose: 'service',
    compose: (data, language, company) => dunningMail(1, data, language, company),
  },
  dunning_2: {
    purpose: 'service',
    compose: (data, language, company) => dunningMail(2, data, language, company),
  },
  dunning_3: {
    purpose: 'service',
    compose: (data, language, company) => dunningMail(3, data, language, company),
  },
  dunning_4: {
    purpose: 'service',
    compose: (data, language, company) => dunningMail(4, data, language, company),
  },
  ticket_received: { purpose: 'reply', compose: ticketReceivedMail },
  ticket_reply: { purpose: 'reply', compose: ticketReplyMail },
};

export const mailKinds = Object.keys(templates) as [MailKind, ...MailKind[]];

export function mailPurpose(kind: MailKind): MailPurpose {
  return templates[kind].purpose;
}

export function composeMail<K extends MailKind>(
  kind: K,
  data: MailTemplateData[K],
  language: MailLanguage,
  company: MailCompany,
): RenderedMail {
  return renderMail(templates[kind].compose(data, language, company), company, language);
}

/**
 * The template language for a customer's language_code: en* English, fr* French; any other
 * (no template in it) falls back to French, and says so for the record.
 */
export function mailLanguageOf(languageCode: string | null | undefined): {
  language: MailLanguage;
  fallback: boolean;
} {
  const code = (languageCode ?? '').toLowerCase();
  if (code.startsWith('en')) return { language: 'en-CA', fallback: false };
  return { language: 'fr-CA', fallback: !code.startsWith('fr') };
}

export type { DunningLevel, DunningMailData } from './dunning.ts';
export { dunningLevels } from './dunning.ts';
export type { InvoiceMailData } from './invoice.ts';
export {
  escapeHtml,
  type MailCompany,
  type MailLanguage,
  mailLanguages,
  type RenderedMail,
} from './layout.ts';
export type { QuoteMailData } from './quote.ts';
export type { TicketMailData } from './ticket.ts';
