import { PassThrough, type Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { findAuditEntriesForCustomer, recordAudit } from '../audit/index.ts';
import { anonymizeClientUsers } from '../auth/index.ts';
import { exportCustomerRecords, getCustomerOrThrow, scrubCustomerPersonalData } from '../customers/index.ts';
import { exportActivityPages, logActivity, scrubActivities } from '../timeline/index.ts';
import { consentHistory } from './consents.service.ts';
import { customer_consents } from './privacy.tables.ts';

export const exportFormat = 'atrium.customer-export.v1';

/**
 * Everything Atrium keeps about one customer (Loi 25 / GDPR access request), in one
 * consistent snapshot (repeatable-read transaction), as a stream of JSON: a customer's
 * timeline may hold hundreds of thousands of entries, read and written a page at a time.
 *
 * Resolves once the customer is found and may be exported by this actor (or rejects, as
 * any read does); the document then follows, and `recorded` says how it ended. The export is audited and put on the timeline
 * in the same transaction, after the last page; the closing brace is written only once it
 * has committed, so a client never holds a complete export that was not recorded. If
 * anything fails midway, or the client goes away, the transaction rolls back and the
 * stream ends in an error (the response is cut short, never a valid-looking document).
 */
export async function exportCustomerData(
  ctx: Ctx,
  customerId: string,
  options: { pageSize?: number } = {},
): Promise<{ document: Readable; recorded: Promise<boolean> }> {
  const output = new PassThrough();
  const write = writerFor(output);
  let allowed!: () => void;
  const ready = new Promise<void>((resolve) => {
    allowed = resolve;
  });
  const committed = ctx.db.transaction(
    async (tx) => {
      const txCtx = { ...ctx, db: tx };
      await getCustomerOrThrow(txCtx, customerId, { purpose: 'export' });
      allowed();
      // One connection runs one statement at a time: in order, not Promise.all (deprecated by pg).
      const records = await exportCustomerRecords(txCtx, customerId);
      const head = { format: exportFormat, exported_at: ctx.clock.now(), ...records };
      await write(`${JSON.stringify(head).slice(0, -1)},"consents":`);
      await write(JSON.stringify(await consentHistory(tx, customerId)));
      await write(',"activities":[');
      let separator = '';
      for await (const page of exportActivityPages(txCtx, customerId, options.pageSize)) {
        await write(separator + page.map((entry) => JSON.stringify(entry)).join(','));
        separator = ',';
      }
      await write(`],"audit_log":${JSON.stringify(await findAuditEntriesForCustomer(txCtx, customerId))}`);
      await logActivity(txCtx, {
        customer_id: customerId,
        activity_type: 'privacy',
        title: 'Données exportées',
        metadata: { event: 'customer.exported' },
      });
      await recordAudit(txCtx, {
        action: 'customer.export',
        entity: 'customer',
        entity_id: customerId,
        customer_id: customerId,
      });
    },
    { isolationLevel: 'repeatable read' },
  );
  // The reader (Fastify) reports a failure; this only keeps an unread stream from crashing the process.
  output.on('error', () => {});
  committed.then(
    () => output.end('}'),
    (error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  await Promise.race([ready, committed]);
  // Whether the export committed (audited, on the timeline) or was rolled back.
  return {
    document: output,
    recorded: committed.then(
      () => true,
      () => false,
    ),
  };
}

/** Writes to the stream at the pace its reader takes it; throws once the reader is gone. */
function writerFor(stream: PassThrough) {
  return async (chunk: string) => {
    if (stream.destroyed) throw new Error('The export was abandoned by its reader');
    if (stream.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const drained = () => {
        stream.off('close', closed);
        resolve();
      };
      const closed = () => {
        stream.off('drain', drained);
        reject(new Error('The export was abandoned by its reader'));
      };
      stream.once('drain', drained);
      stream.once('close', closed);
    });
  };
}

/**
 * Irreversibly removes what identifies the customer, keeping ids, accounting and
 * non-personal history. Audited; the audit log itself never held personal values.
 */
export async function anonymizeCustomer(ctx: Ctx, customerId: string, reason?: string) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const before = await getCustomerOrThrow(txCtx, customerId, { forUpdate: true });
    if (before.anonymized_at) {
      throw new AppError('customer.anonymized', 'This customer is already anonymized');
    }
    const customer = await scrubCustomerPersonalData(txCtx, customerId);
    await scrubActivities(txCtx, customerId);
    await tx
      .update(customer_consents)
      .set({ ip_address: null })
      .where(eq(customer_consents.customer_id, customerId));
    const closedAccounts = await anonymizeClientUsers(txCtx, customerId);
    await logActivity(txCtx, {
      customer_id: customerId,
      activity_type: 'privacy',
      title: 'Client anonymisé',
      metadata: { event: 'customer.anonymized' },
    });
    await recordAudit(txCtx, {
      action: 'customer.anonymize',
      entity: 'customer',
      entity_id: customerId,
      customer_id: customerId,
      changed_fields: [
        'first_name',
        'last_name',
        'company_name',
        'email',
        'phone',
        'matricule',
        'contacts',
        'addresses',
        'vehicles',
        'activities',
      ],
      metadata: { ...(reason ? { reason } : {}), closed_client_accounts: closedAccounts },
    });
    return customer;
  });
}
