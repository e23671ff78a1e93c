import type { MailBlock, MailCompany, MailContent, MailLanguage } from './layout.ts';

/** What a support message shows: plain values given by support (mail imports no support). */
export interface TicketMailData {
  customer_name: string;
  ticket_number: string;
  subject: string;
  /** The reply as staff wrote it (ticket_reply); the request as received (ticket_received). */
  message: string;
}

const words = {
  'fr-CA': {
    receivedSubject: (number: string, subject: string) => `[${number}] Demande reçue : ${subject}`,
    receivedPreheader: (number: string) => `Votre demande porte le numéro ${number}.`,
    receivedHeading: 'Nous avons bien reçu votre demande',
    receivedBody: (number: string) =>
      `Votre demande a été enregistrée sous le numéro ${number}. Un membre de notre équipe vous répondra dès que possible.`,
    yourMessage: 'Votre message :',
    replySubject: (number: string, subject: string) => `[${number}] Réponse : ${subject}`,
    replyPreheader: (number: string) => `Nouvelle réponse à votre demande ${number}`,
    replyHeading: (number: string) => `Réponse à votre demande ${number}`,
    replyIntro: 'Voici la réponse de notre équipe :',
    greeting: (name: string) => `Bonjour ${name},`,
    reference: (number: string) => `Mentionnez le numéro ${number} dans toute communication à ce sujet.`,
    thanks: (company: string) => `Cordialement,\n${company}`,
  },
  'en-CA': {
    receivedSubject: (number: string, subject: string) => `[${number}] Request received: ${subject}`,
    receivedPreheader: (number: string) => `Your request number is ${number}.`,
    receivedHeading: 'We received your request',
    receivedBody: (number: string) =>
      `Your request was recorded as ${number}. A member of our team will answer as soon as possible.`,
    yourMessage: 'Your message:',
    replySubject: (number: string, subject: string) => `[${number}] Reply: ${subject}`,
    replyPreheader: (number: string) => `A new reply to your request ${number}`,
    replyHeading: (number: string) => `Reply to your request ${number}`,
    replyIntro: 'Here is our team’s answer:',
    greeting: (name: string) => `Hello ${name},`,
    reference: (number: string) => `Please mention ${number} in any message about this request.`,
    thanks: (company: string) => `Best regards,\n${company}`,
  },
} as const;

export function ticketReceivedMail(
  data: TicketMailData,
  language: MailLanguage,
  company: MailCompany,
): MailContent {
  const w = words[language];
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: w.greeting(data.customer_name) },
    { kind: 'paragraph', text: w.receivedBody(data.ticket_number) },
    { kind: 'paragraph', text: w.yourMessage },
    { kind: 'notice', tone: 'info', text: data.message },
    { kind: 'paragraph', text: w.reference(data.ticket_number) },
    { kind: 'paragraph', text: w.thanks(company.name) },
  ];
  return {
    subject: w.receivedSubject(data.ticket_number, data.subject),
    preheader: w.receivedPreheader(data.ticket_number),
    heading: w.receivedHeading,
    blocks,
  };
}

export function ticketReplyMail(
  data: TicketMailData,
  language: MailLanguage,
  company: MailCompany,
): MailContent {
  const w = words[language];
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: w.greeting(data.customer_name) },
    { kind: 'paragraph', text: w.replyIntro },
    { kind: 'paragraph', text: data.message },
    { kind: 'paragraph', text: w.reference(data.ticket_number) },
    { kind: 'paragraph', text: w.thanks(company.name) },
  ];
  return {
    subject: w.replySubject(data.ticket_number, data.subject),
    preheader: w.replyPreheader(data.ticket_number),
    heading: w.replyHeading(data.ticket_number),
    blocks,
  };
}
