import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import type { MailAttachment, Mailer } from '../../core/mail.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { type CompanyLogo, getCompanyLogo } from '../settings/index.ts';
import { maskSecrets, revealSecrets } from './mail.secrets.ts';
import { checkSuppression, type EmailRow, mailCompany, suppressionTitle } from './mail.service.ts';
import { type AttachmentRef, email_outbox } from './mail.tables.ts';
import { type MailKind, type MailLanguage, mailPurpose } from './templates/index.ts';
import { logoCid, withCompanyLogo } from './templates/layout.ts';

/** Renders one described attachment when its message is sent (billing's `invoice_pdf`). */
export type AttachmentRenderer = (
  ctx: Ctx,
  ref: AttachmentRef,
  language: MailLanguage,
) => Promise<MailAttachment>;
export type AttachmentRenderers = Record<string, AttachmentRenderer>;

export interface MailDelivery {
  mailer: Mailer;
  attachments: AttachmentRenderers;
  /** After this many failed attempts a message is `failed` (an admin may retry it). */
  maxAttempts?: number;
  /** Wait before the attempt after `attempts` failures. */
  retryDelayMs?: (attempts: number) => number;
  /** How long a sender holds a claimed message before another may take it over. */
  leaseMs?: number;
  batchSize?: number;
}

export interface DeliveryReport {
  configured: boolean;
  sent: number;
  retrying: number;
  failed: number;
  suppressed: number;
}

/** 1, 2, 4 … minutes, at most 6 hours: eight attempts span about four hours. */
export const defaultRetryDelay = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3_600_000);

type Instant = Date | string;
type RawEmail = Omit<
  EmailRow,
  'next_attempt_at' | 'locked_until' | 'sent_at' | 'created_at' | 'updated_at'
> & {
  next_attempt_at: Instant | null;
  locked_until: Instant | null;
  sent_at: Instant | null;
  created_at: Instant;
  updated_at: Instant;
};

function emailOfRow(row: RawEmail): EmailRow {
  const instant = (value: Instant | null) => (value === null ? null : new Date(value));
  return {
    ...row,
    next_attempt_at: instant(row.next_attempt_at),
    locked_until: instant(row.locked_until),
    sent_at: instant(row.sent_at),
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
  };
}

/**
 * Takes up to `limit` messages that are due: each attempt is counted and the message held
 * (`locked_until`) under FOR UPDATE SKIP LOCKED, so two senders never send the same one; one
 * that dies mid-conversation lets it go when the lease ends.
 */
async function claim(ctx: Ctx, limit: number, leaseMs: number): Promise<EmailRow[]> {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const { rows } = await ctx.db.execute<RawEmail>(sql`
    update email_outbox set locked_until = ${until}::timestamptz, attempts = attempts + 1
    where id in (
      select id from email_outbox
      where status = 'queued' and next_attempt_at <= ${now.toISOString()}::timestamptz
        and (locked_until is null or locked_until <= ${now.toISOString()}::timestamptz)
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked)
    returning *`);
  // RETURNING keeps no order: oldest due first, as claimed.
  return rows
    .map(emailOfRow)
    .sort((a, b) => a.next_attempt_at!.getTime() - b.next_attempt_at!.getTime() || a.id.localeCompare(b.id));
}

/** An SMTP 5xx reply is permanent (no such mailbox, refused): retrying would not help. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function messageDomain(mailer: Mailer): string {
  return mailer.fromAddress?.split('@')[1] ?? 'atrium.local';
}

/**
 * Sends what is queued and due, after the changes that queued it committed: the
 * `mail.send-queued` job, every minute. Without SMTP it takes nothing (the messages stay
 * queued and the outbox says why). A failure waits (backoff) and is tried again, up to
 * `maxAttempts`; an SMTP 5xx fails at once. Sent and failed messages go on the customer's
 * timeline.
 */
export async function sendQueuedEmails(ctx: Ctx, delivery: MailDelivery): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    configured: delivery.mailer.configured,
    sent: 0,
    retrying: 0,
    failed: 0,
    suppressed: 0,
  };
  if (!delivery.mailer.configured) return report;
  const batchSize = delivery.batchSize ?? 20;
  const leaseMs = delivery.leaseMs ?? 5 * 60_000;
  const company = await mailCompany(ctx);
  const logo = await getCompanyLogo(ctx);
  // Bounded: a huge backlog is drained over several runs, never in one that outlives its schedule.
  for (let round = 0; round < 50; round += 1) {
    const claimed = await claim(ctx, batchSize, leaseMs);
    for (const email of claimed) {
      const outcome = await deliverOne(ctx, delivery, email, company.name, logo);
      report[outcome] += 1;
    }
    if (claimed.length < batchSize) break;
  }
  return report;
}

/** This claim still holds the message (no other sender took it over after the lease). */
function heldBy(email: EmailRow) {
  return and(
    eq(email_outbox.id, email.id),
    eq(email_outbox.status, 'queued'),
    sql`${email_outbox.locked_until} = ${email.locked_until!.toISOString()}::timestamptz`,
  );
}

async function deliverOne(
  ctx: Ctx,
  delivery: MailDelivery,
  email: EmailRow,
  companyName: string,
  logo: CompanyLogo | undefined,
): Promise<keyof Omit<DeliveryReport, 'configured'>> {
  const { mailer } = delivery;
  // The customer may have withdrawn consent (or been anonymized) since it was queued.
  if (email.customer_id) {
    const customer = await getCustomerOrThrow(ctx, email.customer_id, { forUpdate: false, purpose: 'email' });
    const reason = await checkSuppression(ctx, customer, email.to, mailPurpose(email.kind as MailKind));
    if (reason) {
      await ctx.db.transaction(async (tx) => {
        const [row] = await tx
          .update(email_outbox)
          .set({
            status: 'suppressed',
            suppressed_reason: reason,
            locked_until: null,
            updated_at: ctx.clock.now(),
          })
          .where(heldBy(email))
          .returning({ id: email_outbox.id });
        if (!row) return;
        await recordChange(
          { ...ctx, db: tx },
          {
            event: 'email.suppressed',
            entity: 'email',
            entity_id: email.id,
            customer_id: email.customer_id,
            changed_fields: ['status'],
            activity: {
              activity_type: 'email',
              title: suppressionTitle(email.subject, reason),
              reference_table: 'email_outbox',
              metadata: { kind: email.kind, reason },
            },
            payload: { kind: email.kind, reason },
          },
        );
      });
      return 'suppressed';
    }
  }
  let messageId: string;
  try {
    const attachments: MailAttachment[] = [];
    for (const ref of email.attachments) {
      const render = delivery.attachments[ref.kind];
      if (!render) throw new Error(`No renderer for attachments of kind ${ref.kind}`);
      attachments.push(await render(ctx, ref, email.language as MailLanguage));
    }
    const html = withCompanyLogo(email.html, logo, companyName);
    if (html !== email.html && logo) {
      attachments.push({ filename: 'logo.png', content: logo.png, contentType: 'image/png', cid: logoCid });
    }
    const result = await mailer.sendMail({
      to: email.to!,
      subject: revealSecrets(email.subject, email.secrets),
      html: revealSecrets(html, email.secrets),
      text: revealSecrets(email.text, email.secrets),
      attachments,
      messageId: `<${email.id}@${messageDomain(mailer)}>`,
      fromName: companyName,
      language: email.language,
    });
    if (result.status !== 'sent') throw new Error('Mail is not configured');
    messageId = result.message_id;
  } catch (error) {
    return recordFailure(ctx, delivery, email, error);
  }
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [row] = await tx
      .update(email_outbox)
      .set({
        status: 'sent',
        sent_at: now,
        secrets: null,
        message_id: messageId,
        locked_until: null,
        last_error: null,
        updated_at: now,
      })
      .where(heldBy(email))
      .returning({ id: email_outbox.id });
    if (!row) return;
    await recordChange(
      { ...ctx, db: tx },
      {
        event: 'email.sent',
        entity: 'email',
        entity_id: email.id,
        customer_id: email.customer_id,
        changed_fields: ['status', 'sent_at', 'message_id'],
        activity: email.customer_id
          ? {
              activity_type: 'email',
              title: `Courriel envoyé : ${maskSecrets(email.subject)}`,
              reference_table: 'email_outbox',
              metadata: { kind: email.kind, invoice_id: email.invoice_id, attempts: email.attempts },
            }
          : null,
        payload: { kind: email.kind, invoice_id: email.invoice_id },
      },
    );
  });
  return 'sent';
}

async function recordFailure(
  ctx: Ctx,
  delivery: MailDelivery,
  email: EmailRow,
  error: unknown,
): Promise<'retrying' | 'failed'> {
  const maxAttempts = delivery.maxAttempts ?? 8;
  const retryDelay = delivery.retryDelayMs ?? defaultRetryDelay;
  const failed = email.attempts >= maxAttempts || isPermanent(error);
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(email_outbox)
      .set({
        status: failed ? 'failed' : 'queued',
        next_attempt_at: failed ? null : new Date(now.getTime() + retryDelay(email.attempts)),
        locked_until: null,
        last_error: message,
        updated_at: now,
      })
      .where(heldBy(email))
      .returning({ id: email_outbox.id });
    if (!row || !failed) return;
    await recordChange(
      { ...ctx, db: tx },
      {
        event: 'email.failed',
        entity: 'email',
        entity_id: email.id,
        customer_id: email.customer_id,
        changed_fields: ['status'],
        activity: email.customer_id
          ? {
              activity_type: 'email',
              title: `Échec de l’envoi du courriel : ${maskSecrets(email.subject)}`,
              reference_table: 'email_outbox',
              metadata: { kind: email.kind, attempts: email.attempts },
            }
          : null,
        payload: { kind: email.kind, attempts: email.attempts },
      },
    );
  });
  return failed ? 'failed' : 'retrying';
}
