import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { type Change, recordChange, recordChanges } from '../changes/index.ts';
import { type Customer, customers, getCustomerOrThrow, getCustomersByIds } from '../customers/index.ts';
import { customersWithValidConsent, hasValidConsent } from '../privacy/index.ts';
import { getCompanySettings } from '../settings/index.ts';
import type { EmailListQuery } from './mail.schemas.ts';
import { hideSecrets, maskSecrets } from './mail.secrets.ts';
import { type AttachmentRef, email_outbox, type SuppressionReason } from './mail.tables.ts';
import {
  composeMail,
  type MailCompany,
  type MailKind,
  type MailPurpose,
  type MailTemplateData,
  mailLanguageOf,
  mailPurpose,
} from './templates/index.ts';

export type EmailRow = typeof email_outbox.$inferSelect;

export interface QueueEmailInput<K extends MailKind> {
  kind: K;
  customer_id: string;
  data: MailTemplateData[K];
  /** Another address than the customer's own (a billing contact); default: the customer's email. */
  to?: string | null;
  invoice_id?: string | null;
  quote_id?: string | null;
  order_id?: string | null;
  attachments?: AttachmentRef[];
  /** Values the message carries that staff must not read back (a signer's link token, a code): see mail.secrets.ts. */
  secrets?: string[];
}

/** What the outbox shows of the company: its settings' name and address. */
export async function mailCompany(ctx: Ctx): Promise<MailCompany> {
  const settings = await getCompanySettings(ctx);
  const cityLine = [settings.city, settings.province, settings.postal_code].filter(Boolean).join(' ');
  return {
    name: settings.name,
    address_lines: [settings.address_line1, settings.address_line2, cityLine].filter((line): line is string =>
      Boolean(line),
    ),
    phone: settings.phone,
    email: settings.email,
    website: settings.website,
  };
}

/** Why a message to this customer must not go out, or null (pure: the consents are read by the caller). */
export function suppressionReason(
  customer: Pick<Customer, 'preferred_contact_channel' | 'anonymized_at'>,
  to: string | null,
  purpose: MailPurpose,
  consents: { service: boolean; marketing: boolean },
): SuppressionReason | null {
  if (customer.anonymized_at) return 'anonymized';
  if (!to) return 'no_address';
  if (customer.preferred_contact_channel === 'none') return 'contact_channel_none';
  // Answering someone's own request is what they gave their address for: no consent to ask.
  if (purpose === 'reply') return null;
  if (purpose === 'marketing') return consents.marketing ? null : 'no_marketing_consent';
  return consents.service ? null : 'no_service_consent';
}

/** Reads the consents the purpose needs and decides (queue time, and again before sending). */
export async function checkSuppression(
  ctx: Ctx,
  customer: Pick<Customer, 'id' | 'preferred_contact_channel' | 'anonymized_at'>,
  to: string | null,
  purpose: MailPurpose,
): Promise<SuppressionReason | null> {
  const early = suppressionReason(customer, to, purpose, { service: true, marketing: true });
  if (early || purpose === 'reply') return early;
  const consents =
    purpose === 'marketing'
      ? { service: true, marketing: await hasValidConsent(ctx, customer.id, 'marketing_email') }
      : { service: await hasValidConsent(ctx, customer.id, 'service_notifications'), marketing: false };
  return suppressionReason(customer, to, purpose, consents);
}

const reasonWords: Record<SuppressionReason, string> = {
  no_address: 'aucune adresse courriel',
  contact_channel_none: 'le client ne veut pas être contacté',
  no_service_consent: 'pas de consentement aux avis de service',
  no_marketing_consent: 'pas de consentement au marketing par courriel',
  anonymized: 'client anonymisé',
};

export function suppressionTitle(subject: string, reason: SuppressionReason): string {
  return `Courriel non envoyé : ${maskSecrets(subject)} (${reasonWords[reason]})`;
}

/**
 * Records a message in the outbox, in the caller's transaction: rendered now in the
 * customer's language (fr-CA when theirs has no template), sent by the `mail.send-queued`
 * job after commit. A message the customer's choices forbid (contact channel `none`, no
 * consent for its purpose, no address) is recorded `suppressed` with the reason, on the
 * timeline, and never sent.
 */
export async function queueEmail<K extends MailKind>(
  txCtx: Ctx,
  input: QueueEmailInput<K>,
): Promise<EmailRow> {
  const customer = await getCustomerOrThrow(txCtx, input.customer_id, { purpose: 'email' });
  const { language, fallback } = mailLanguageOf(customer.language_code);
  const secrets = input.secrets ?? [];
  const rendered = hideSecrets(
    composeMail(input.kind, input.data, language, await mailCompany(txCtx)),
    secrets,
  );
  const to = input.to === undefined ? customer.email : input.to;
  const reason = await checkSuppression(txCtx, customer, to, mailPurpose(input.kind));
  const now = txCtx.clock.now();
  const [row] = await txCtx.db
    .insert(email_outbox)
    .values({
      id: newId(),
      kind: input.kind,
      customer_id: customer.id,
      invoice_id: input.invoice_id ?? null,
      quote_id: input.quote_id ?? null,
      order_id: input.order_id ?? null,
      to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments: input.attachments ?? [],
      secrets: secrets.length === 0 ? null : secrets,
      language,
      status: reason ? 'suppressed' : 'queued',
      suppressed_reason: reason,
      next_attempt_at: reason ? null : now,
      created_by: txCtx.actor.id,
      created_at: now,
      updated_at: now,
    })
    .returning();
  const email = row!;
  await recordChange(txCtx, {
    event: reason ? 'email.suppressed' : 'email.queued',
    entity: 'email',
    entity_id: email.id,
    customer_id: customer.id,
    changed_fields: ['status'],
    activity: reason
      ? {
          activity_type: 'email',
          title: suppressionTitle(email.subject, reason),
          reference_table: 'email_outbox',
          metadata: { kind: email.kind, reason },
        }
      : null,
    payload: { kind: email.kind, invoice_id: email.invoice_id, ...(reason ? { reason } : {}) },
    audit_metadata: {
      kind: email.kind,
      language,
      ...(fallback ? { language_fallback: customer.language_code } : {}),
      ...(reason ? { reason } : {}),
    },
  });
  return email;
}

/**
 * Several messages recorded at once (a batch job's page, as dunning's), exactly as queueEmail
 * records each — rendered, suppressed when the customer's choices forbid it, on the timeline
 * then — in a few statements: the customers, the company and the consents read once each.
 * Returns the rows in the order given.
 */
export async function queueEmails<K extends MailKind>(
  txCtx: Ctx,
  inputs: readonly QueueEmailInput<K>[],
): Promise<EmailRow[]> {
  if (inputs.length === 0) return [];
  const found = await getCustomersByIds(
    txCtx,
    inputs.map((input) => input.customer_id),
    'email',
  );
  const company = await mailCompany(txCtx);
  const ids = [...found.keys()];
  const consents = {
    service: await customersWithValidConsent(txCtx, ids, 'service_notifications'),
    marketing: inputs.some((input) => mailPurpose(input.kind) === 'marketing')
      ? await customersWithValidConsent(txCtx, ids, 'marketing_email')
      : new Set<string>(),
  };
  const now = txCtx.clock.now();
  const prepared = inputs.map((input) => {
    const customer = found.get(input.customer_id);
    if (!customer) {
      throw new AppError('customer.not_found', 'No such customer', { customer_id: input.customer_id });
    }
    const { language, fallback } = mailLanguageOf(customer.language_code);
    const rendered = composeMail(input.kind, input.data, language, company);
    const to = input.to === undefined ? customer.email : input.to;
    const reason = suppressionReason(customer, to, mailPurpose(input.kind), {
      service: consents.service.has(customer.id),
      marketing: consents.marketing.has(customer.id),
    });
    return { id: newId(), input, customer, language, fallback, rendered, to, reason };
  });
  const rows = await txCtx.db
    .insert(email_outbox)
    .values(
      prepared.map(({ id, input, customer, language, rendered, to, reason }) => ({
        id,
        kind: input.kind,
        customer_id: customer.id,
        invoice_id: input.invoice_id ?? null,
        quote_id: input.quote_id ?? null,
        order_id: input.order_id ?? null,
        to,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        attachments: input.attachments ?? [],
        language,
        status: reason ? ('suppressed' as const) : ('queued' as const),
        suppressed_reason: reason,
        next_attempt_at: reason ? null : now,
        created_by: txCtx.actor.id,
        created_at: now,
        updated_at: now,
      })),
    )
    .returning();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const emails = prepared.map((message) => byId.get(message.id)!);
  const changes: Change[] = emails.map((email, index) => {
    const { customer, language, fallback, reason } = prepared[index]!;
    return {
      event: reason ? 'email.suppressed' : 'email.queued',
      entity: 'email',
      entity_id: email.id,
      customer_id: customer.id,
      changed_fields: ['status'],
      activity: reason
        ? {
            activity_type: 'email',
            title: suppressionTitle(email.subject, reason),
            reference_table: 'email_outbox',
            metadata: { kind: email.kind, reason },
          }
        : null,
      payload: { kind: email.kind, invoice_id: email.invoice_id, ...(reason ? { reason } : {}) },
      audit_metadata: {
        kind: email.kind,
        language,
        ...(fallback ? { language_fallback: customer.language_code } : {}),
        ...(reason ? { reason } : {}),
      },
    };
  });
  await recordChanges(txCtx, changes);
  return emails;
}

export async function findEmails(ctx: Ctx, query: EmailListQuery) {
  const conditions: SQL[] = [];
  if (query.customer_id) conditions.push(eq(email_outbox.customer_id, query.customer_id));
  if (query.invoice_id) conditions.push(eq(email_outbox.invoice_id, query.invoice_id));
  if (query.quote_id) conditions.push(eq(email_outbox.quote_id, query.quote_id));
  if (query.order_id) conditions.push(eq(email_outbox.order_id, query.order_id));
  if (query.status) conditions.push(eq(email_outbox.status, query.status));
  if (query.kind) conditions.push(eq(email_outbox.kind, query.kind));
  const actor = ctx.actor;
  if (actor.role !== 'admin' && actor.role !== 'system') {
    // As canSeeCustomer: a confidential customer's mail only for the user assigned to them.
    conditions.push(
      sql`(${email_outbox.customer_id} is null or exists (select 1 from ${customers} c where c.id = ${email_outbox.customer_id} and (c.privacy_level <> 'confidentiel' or c.assigned_user_id = ${actor.id})))`,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(email_outbox)
      .where(where)
      .orderBy(desc(email_outbox.created_at), desc(email_outbox.id))
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db.$count(email_outbox, where),
  ]);
  return { rows, total };
}

function notFound(id: string) {
  return new AppError('email.not_found', 'No such email', { email_id: id });
}

/** One message, if the actor may see its customer (404 otherwise). */
export async function getEmail(ctx: Ctx, id: string): Promise<EmailRow> {
  const [row] = await ctx.db.select().from(email_outbox).where(eq(email_outbox.id, id));
  if (!row) throw notFound(id);
  if (row.customer_id) {
    try {
      await getCustomerOrThrow(ctx, row.customer_id, { purpose: 'email' });
    } catch (error) {
      if (error instanceof AppError && error.code === 'customer.not_found') throw notFound(id);
      throw error;
    }
  }
  return row;
}

/** A failed message back in the queue, its attempts reset (admin); audited. */
export async function retryEmail(ctx: Ctx, id: string): Promise<EmailRow> {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const current = await getEmail(txCtx, id);
    if (current.status !== 'failed') {
      throw new AppError(
        'email.not_failed',
        `Only a failed email can be retried; this one is ${current.status}`,
        {
          email_id: id,
          status: current.status,
        },
      );
    }
    const now = ctx.clock.now();
    const [row] = await tx
      .update(email_outbox)
      .set({ status: 'queued', attempts: 0, next_attempt_at: now, locked_until: null, updated_at: now })
      .where(and(eq(email_outbox.id, id), eq(email_outbox.status, 'failed')))
      .returning();
    if (!row)
      throw new AppError('request.conflict', 'The email changed meanwhile; try again', { email_id: id });
    await recordChange(txCtx, {
      event: 'email.retried',
      entity: 'email',
      entity_id: id,
      customer_id: row.customer_id,
      changed_fields: ['status', 'attempts'],
      payload: { kind: row.kind },
    });
    return row;
  });
}
