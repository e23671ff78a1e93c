import type { MailBlock, MailCompany, MailContent, MailLanguage } from './layout.ts';

/** A request to sign (or its reminder): given by the signatures module (mail imports no signatures). */
export interface SignatureRequestMailData {
  signer_name: string;
  document_title: string;
  signing_url: string;
  /** ISO date-time the link stops working. */
  expires_at: string;
  message: string | null;
  reminder: boolean;
}

export interface SignatureCodeMailData {
  signer_name: string;
  document_title: string;
  code: string;
  minutes: number;
}

export interface SignatureCompletedMailData {
  signer_name: string;
  document_title: string;
  verify_url: string;
  sealed_sha256: string;
}

const when = (iso: string, language: MailLanguage) =>
  new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'America/Toronto',
  }).format(new Date(iso));

const words = {
  'fr-CA': {
    requestSubject: (title: string, company: string) => `${company} vous invite à signer « ${title} »`,
    reminderSubject: (title: string) => `Rappel : « ${title} » attend votre signature`,
    requestHeading: 'Document à signer',
    greeting: (name: string) => `Bonjour ${name},`,
    requestBody: (title: string, company: string) =>
      `${company} vous demande de lire et de signer électroniquement le document « ${title} ». Aucun compte n’est nécessaire.`,
    button: 'Lire et signer',
    expires: (date: string) => `Ce lien personnel fonctionne jusqu’au ${date}. Ne le transférez pas.`,
    codeSubject: (code: string) => `Votre code de signature : ${code}`,
    codeHeading: 'Code de vérification',
    codeBody: (title: string, minutes: number) =>
      `Voici le code qui confirme votre identité pour signer « ${title} ». Il est valide ${minutes} minutes.`,
    codeIgnore: 'Si vous n’avez pas demandé ce code, ignorez ce courriel.',
    codeLabel: 'Code',
    completedSubject: (title: string) => `« ${title} » est signé`,
    completedHeading: 'Document signé',
    completedBody: (title: string) =>
      `Toutes les signatures de « ${title} » ont été recueillies. Le PDF scellé, avec son certificat de signature, est joint à ce courriel.`,
    verify: 'Vous pouvez en tout temps vérifier son authenticité sur la page de vérification :',
    verifyButton: 'Vérifier le document',
    fingerprint: 'Empreinte SHA-256',
  },
  'en-CA': {
    requestSubject: (title: string, company: string) => `${company} invites you to sign “${title}”`,
    reminderSubject: (title: string) => `Reminder: “${title}” is waiting for your signature`,
    requestHeading: 'Document to sign',
    greeting: (name: string) => `Hello ${name},`,
    requestBody: (title: string, company: string) =>
      `${company} asks you to read and electronically sign “${title}”. No account is needed.`,
    button: 'Read and sign',
    expires: (date: string) => `This personal link works until ${date}. Please do not forward it.`,
    codeSubject: (code: string) => `Your signing code: ${code}`,
    codeHeading: 'Verification code',
    codeBody: (title: string, minutes: number) =>
      `Here is the code that confirms your identity to sign “${title}”. It is valid for ${minutes} minutes.`,
    codeIgnore: 'If you did not ask for this code, ignore this email.',
    codeLabel: 'Code',
    completedSubject: (title: string) => `“${title}” is signed`,
    completedHeading: 'Document signed',
    completedBody: (title: string) =>
      `Every signature of “${title}” has been collected. The sealed PDF, with its signature certificate, is attached.`,
    verify: 'You can check its authenticity at any time on the verification page:',
    verifyButton: 'Verify the document',
    fingerprint: 'SHA-256 fingerprint',
  },
} as const;

export function signatureRequestMail(
  data: SignatureRequestMailData,
  language: MailLanguage,
  company: MailCompany,
): MailContent {
  const w = words[language];
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: w.greeting(data.signer_name) },
    { kind: 'paragraph', text: w.requestBody(data.document_title, company.name) },
  ];
  if (data.message) blocks.push({ kind: 'notice', tone: 'info', text: data.message });
  blocks.push(
    { kind: 'button', label: w.button, url: data.signing_url },
    { kind: 'paragraph', text: w.expires(when(data.expires_at, language)) },
  );
  return {
    subject: data.reminder
      ? w.reminderSubject(data.document_title)
      : w.requestSubject(data.document_title, company.name),
    preheader: w.requestBody(data.document_title, company.name),
    heading: w.requestHeading,
    blocks,
  };
}

export function signatureCodeMail(data: SignatureCodeMailData, language: MailLanguage): MailContent {
  const w = words[language];
  return {
    subject: w.codeSubject(data.code),
    preheader: w.codeBody(data.document_title, data.minutes),
    heading: w.codeHeading,
    blocks: [
      { kind: 'paragraph', text: w.greeting(data.signer_name) },
      { kind: 'paragraph', text: w.codeBody(data.document_title, data.minutes) },
      { kind: 'facts', rows: [{ label: w.codeLabel, value: data.code, strong: true }] },
      { kind: 'paragraph', text: w.codeIgnore },
    ],
  };
}

export function signatureCompletedMail(
  data: SignatureCompletedMailData,
  language: MailLanguage,
): MailContent {
  const w = words[language];
  return {
    subject: w.completedSubject(data.document_title),
    preheader: w.completedBody(data.document_title),
    heading: w.completedHeading,
    blocks: [
      { kind: 'paragraph', text: w.greeting(data.signer_name) },
      { kind: 'paragraph', text: w.completedBody(data.document_title) },
      { kind: 'facts', rows: [{ label: w.fingerprint, value: data.sealed_sha256 }] },
      { kind: 'paragraph', text: w.verify },
      { kind: 'button', label: w.verifyButton, url: data.verify_url },
    ],
  };
}
