export {
  type AttachmentRenderer,
  type AttachmentRenderers,
  type DeliveryReport,
  defaultRetryDelay,
  type MailDelivery,
  sendQueuedEmails,
} from './mail.delivery.ts';
export { mailExportSection } from './mail.export.ts';
export { mailEventHandlers, mailJobs } from './mail.jobs.ts';
export { mailRoutes } from './mail.routes.ts';
export { emailSchema, emailSummarySchema } from './mail.schemas.ts';
export { maskSecrets, revealSecrets } from './mail.secrets.ts';
export {
  type EmailRow,
  findEmails,
  getEmail,
  mailCompany,
  type QueueEmailInput,
  queueEmail,
  queueEmails,
  retryEmail,
  suppressionReason,
} from './mail.service.ts';
export { type AttachmentRef, type EmailStatus, email_outbox, emailStatuses } from './mail.tables.ts';
export {
  composeMail,
  type DunningLevel,
  type DunningMailData,
  dunningLevels,
  escapeHtml,
  type InvoiceMailData,
  type MailKind,
  type MailLanguage,
  mailKinds,
  mailLanguageOf,
  type QuoteMailData,
  type TicketMailData,
} from './templates/index.ts';
