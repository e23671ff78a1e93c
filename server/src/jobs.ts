import type { Config } from './core/config.ts';
import type { EventHandler } from './core/events.ts';
import type { JobDefinition } from './core/jobs.ts';
import { createMailer, type Mailer } from './core/mail.ts';
import { rateLimitJobs } from './core/rate-limit.ts';
import { auditJobs } from './modules/audit/index.ts';
import { authJobs } from './modules/auth/index.ts';
import {
  billingMailAttachments,
  type PaymentSettings,
  paymentProvidersFromConfig,
} from './modules/billing/index.ts';
import { claimEventHandlers } from './modules/claims/index.ts';
import {
  type DocumentSettings,
  documentEventHandlers,
  documentJobs,
  documentSettingsFromConfig,
} from './modules/documents/index.ts';
import { dunningJobs } from './modules/dunning/index.ts';
import { eventJobs } from './modules/events/index.ts';
import { financeEventHandlers } from './modules/finances/index.ts';
import { mailEventHandlers, mailJobs } from './modules/mail/index.ts';
import { notificationEventHandlers, notificationJobs } from './modules/notifications/index.ts';
import { privacyJobs } from './modules/privacy/index.ts';
import { quoteEventHandlers, quoteMailAttachments } from './modules/quotes/index.ts';
import { recurringEventHandlers, recurringJobs } from './modules/recurring/index.ts';
import {
  loadSigningCertificate,
  once,
  quoteSignatureEventHandlers,
  type SignatureSettings,
  signatureEventHandlers,
  signatureMailAttachments,
} from './modules/signatures/index.ts';
import { supportEventHandlers } from './modules/support/index.ts';

/** What jobs need from the environment: the SMTP seam, the payment settings (pay-online links), the document store. */
export interface JobSettings {
  mailer: Mailer;
  payments: PaymentSettings;
  documents: DocumentSettings;
  signatures: SignatureSettings;
}

export function jobSettingsFromConfig(config: Config): JobSettings {
  const documents = documentSettingsFromConfig(config);
  return {
    documents,
    signatures: {
      documents,
      certificate: once(() =>
        loadSigningCertificate({
          dataDir: config.ATRIUM_DATA_DIR,
          p12Path: config.SIGNING_CERT_P12,
          password: config.SIGNING_CERT_PASSWORD,
        }),
      ),
      base_url: config.ATRIUM_BASE_URL ?? `http://localhost:${config.PORT}`,
      secret: config.ATRIUM_SECRET,
      providers: {},
    },
    mailer: createMailer(config),
    payments: {
      providers: paymentProvidersFromConfig(config),
      base_url: config.ATRIUM_BASE_URL ?? null,
      link_secret: config.ATRIUM_SECRET,
    },
  };
}

/**
 * Every module's background jobs, run inside `npm start` (unless ATRIUM_JOBS=off) and by
 * `atrium worker`. A module with jobs adds its list here.
 */
export function jobsFor(settings: JobSettings): JobDefinition[] {
  return [
    ...auditJobs,
    ...authJobs,
    ...documentJobs(settings.documents),
    ...dunningJobs(settings.payments),
    ...eventJobs,
    ...mailJobs({
      mailer: settings.mailer,
      attachments: {
        ...billingMailAttachments,
        ...quoteMailAttachments,
        ...signatureMailAttachments(settings.signatures),
      },
    }),
    ...notificationJobs,
    ...privacyJobs,
    ...recurringJobs(settings.payments),
    ...rateLimitJobs,
  ];
}

/**
 * Every module's reactions to recorded changes (`onEvent(type, name, handle)`), run after
 * commit by the dispatcher of each process that runs jobs. A module with handlers adds its
 * list here (those that need settings, in eventHandlersFor).
 */
export const eventHandlers: EventHandler[] = [
  ...financeEventHandlers,
  ...supportEventHandlers,
  ...claimEventHandlers,
  ...mailEventHandlers,
  ...recurringEventHandlers,
  ...quoteEventHandlers,
  ...notificationEventHandlers,
];

/** The handlers that need settings (storage, certificate) beside the others. */
export function eventHandlersFor(settings: JobSettings): EventHandler[] {
  return [
    ...eventHandlers,
    ...documentEventHandlers(settings.documents),
    ...signatureEventHandlers(settings.signatures),
    ...quoteSignatureEventHandlers(settings.signatures, settings.payments),
  ];
}

/** What a process that runs background work starts. */
export function backgroundWork(settings: JobSettings) {
  return { jobs: jobsFor(settings), eventHandlers: eventHandlersFor(settings) };
}
