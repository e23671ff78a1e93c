import { PassThrough, type Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { findAuditEntriesForCustomer } from '../audit/index.ts';
import { anonymizeClientUsers } from '../auth/index.ts';
import { recordChange } from '../changes/index.ts';
import { exportCustomerRecords, getCustomerOrThrow, scrubCustomerPersonalData } from '../customers/index.ts';
import { exportActivityPages, scrubActivities } from '../timeline/index.ts';
import { consentHistory } from './consents.service.ts';
import { customer_consents } from './privacy.tables.ts';

const exportFormat = 'atrium.customer-export.v1';

/**
 * What another module adds to the export under its name (finances, billing, support…), read in
 * the export's snapshot. app.ts hands them in: privacy imports none of those modules.
 */
export interface ExportSection {
  name: string;
  read(ctx: Ctx, customerId: string): Promise<unknown>;
  /** Files that go beside the JSON in the zip export (documents' content), opened one at a time. */
  files?(ctx: Ctx, customerId: string): Promise<ExportFile[]>;
}

/** A file of the zip export: its path in the archive, and its bytes, or why they are not there. */
export interface ExportFile {
  path: string;
  open(): Promise<Readable | { refused: string }>;
}

/**
 * Everything Atrium keeps about one customer (Loi 25 / GDPR access request), as a stream of
 * JSON: a customer's timeline may hold hundreds of thousands of entries, read and written a
 * page at a time, all from one consistent snapshot (a read-only repeatable-read transaction).
 *
 * The export is put on the timeline and audited, in a transaction of its own, before any of
 * it is read: once data can leave, the record that it did is committed, whatever happens to
 * the download. (It is then the last entry of the exported timeline.) Two exports at once
 * are two records and two documents; the snapshot, only reading, cannot conflict with them.
 *
 * Rejects, as any read does, if the customer does not exist or may not be exported by this
 * actor. If anything fails midway, or the reader goes away, the stream ends in an error (the
 * response is cut short, never a valid-looking document); `complete` says how it ended.
 */
export async function exportCustomerData(
  ctx: Ctx,
  customerId: string,
  options: { pageSize?: number; sections?: readonly ExportSection[] } = {},
): Promise<{ document: Readable; complete: Promise<boolean> }> {
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await getCustomerOrThrow(txCtx, customerId, { purpose: 'export' });
    await recordChange(txCtx, {
      event: 'customer.exported',
      entity: 'customer',
      entity_id: customerId,
      customer_id: customerId,
      activity: { activity_type: 'privacy', title: 'Données exportées', reference_table: 'customers' },
    });
  });
  const output = new PassThrough();
  // The reader (Fastify) reports a failure; this only keeps an unread stream from crashing the process.
  output.on('error', () => {});
  const write = writerFor(output);
  const written = ctx.db.transaction(
    async (tx) => {
      const txCtx = { ...ctx, db: tx };
      // One connection runs one statement at a time: in order, not Promise.all (deprecated by pg).
      const records = await exportCustomerRecords(txCtx, customerId);
      const head = { format: exportFormat, exported_at: ctx.clock.now(), ...records };
      await write(`${JSON.stringify(head).slice(0, -1)},"consents":`);
      await write(JSON.stringify(await consentHistory(tx, customerId)));
      for (const section of options.sections ?? []) {
        await write(
          `,${JSON.stringify(section.name)}:${JSON.stringify(await section.read(txCtx, customerId))}`,
        );
      }
      await write(',"activities":[');
      let separator = '';
      for await (const page of exportActivityPages(txCtx, customerId, options.pageSize)) {
        await write(separator + page.map((entry) => JSON.stringify(entry)).join(','));
        separator = ',';
      }
      await write(`],"audit_log":${JSON.stringify(await findAuditEntriesForCustomer(txCtx, customerId))}`);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  written.then(
    () => output.end('}'),
    (error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return {
    document: output,
    complete: written.then(
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
    await recordChange(txCtx, {
      event: 'customer.anonymized',
      activity: { activity_type: 'privacy', title: 'Client anonymisé', reference_table: 'customers' },
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
      audit_metadata: { ...(reason ? { reason } : {}), closed_client_accounts: closedAccounts },
    });
    return customer;
  });
}
