import { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';

/*
 * The mail seam: modules never use nodemailer themselves. Messages are composed and kept in
 * the outbox by the mail module; this only hands one message to the SMTP server named by
 * SMTP_URL. Without SMTP_URL nothing is sent and the seam says so.
 */

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Set for an inline image the HTML shows as `cid:<cid>` (the company's logo). */
  cid?: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
  /** `<id@domain>`: the same on every attempt, so a receiver can tell a resent copy. */
  messageId?: string;
  /** A display name for the sender when MAIL_FROM has none (the company's name). */
  fromName?: string;
  /** The message's language (Content-Language). */
  language?: string;
}

export type SendResult =
  | { status: 'sent'; message_id: string; response: string }
  | { status: 'not_configured' };

export interface Mailer {
  /** false: no SMTP_URL; sendMail sends nothing and answers `not_configured`. */
  readonly configured: boolean;
  /** The sender's address (MAIL_FROM), for Message-IDs and the UI. */
  readonly fromAddress: string | null;
  /** Sends one message; throws when the SMTP server is unreachable or refuses it. */
  sendMail(message: MailMessage): Promise<SendResult>;
  close(): void;
}

export const noMailer: Mailer = {
  configured: false,
  fromAddress: null,
  sendMail: async () => ({ status: 'not_configured' }),
  close: () => {},
};

export interface MailSettings {
  SMTP_URL?: string | undefined;
  MAIL_FROM?: string | undefined;
}

/** "Name <a@b.c>" or "a@b.c" → its parts; null when it holds no address. */
export function parseSender(from: string): { name: string; address: string } | null {
  const [first] = addressparser(from);
  if (!first || !('address' in first) || !first.address) return null;
  return { name: first.name ?? '', address: first.address };
}

export function createMailer(settings: MailSettings): Mailer {
  if (!settings.SMTP_URL || !settings.MAIL_FROM) return noMailer;
  const sender = parseSender(settings.MAIL_FROM);
  if (!sender) throw new Error(`MAIL_FROM holds no email address: ${settings.MAIL_FROM}`);
  // A down or silent server must fail the attempt soon: the job retries it later. Options in
  // the URL's query (?connectionTimeout=…, ?tls.rejectUnauthorized=false) take precedence.
  const transport = createTransport({
    url: settings.SMTP_URL,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    configured: true,
    fromAddress: sender.address,
    async sendMail(message) {
      const info = await transport.sendMail({
        from: { name: sender.name || message.fromName || '', address: sender.address },
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: message.language ? { 'Content-Language': message.language } : undefined,
        attachments: message.attachments?.map((attachment) => ({
          filename: attachment.filename,
          content: attachment.content,
          contentType: attachment.contentType,
          ...(attachment.cid ? { cid: attachment.cid, contentDisposition: 'inline' as const } : {}),
        })),
      });
      return { status: 'sent', message_id: info.messageId, response: info.response };
    },
    close: () => transport.close(),
  };
}
