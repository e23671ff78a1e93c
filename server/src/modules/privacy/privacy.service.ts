import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { findAuditEntriesForCustomer, recordAudit } from '../audit/index.ts';
import { anonymizeClientUsers } from '../auth/index.ts';
import { exportCustomerRecords, getCustomerOrThrow, scrubCustomerPersonalData } from '../customers/index.ts';
import { exportActivities, logActivity, scrubActivities } from '../timeline/index.ts';
import { consentHistory } from './consents.service.ts';
import { customer_consents } from './privacy.tables.ts';

/**
 * Everything Atrium keeps about one customer (Loi 25 / GDPR access request), in one
 * consistent snapshot (repeatable-read transaction). The export itself is audited and
 * appears on the timeline.
 */
export async function exportCustomerData(ctx: Ctx, customerId: string) {
  return ctx.db.transaction(
    async (tx) => {
      const txCtx = { ...ctx, db: tx };
      await getCustomerOrThrow(txCtx, customerId, { purpose: 'export' });
      // One connection runs one statement at a time: in order, not Promise.all (deprecated by pg).
      const records = await exportCustomerRecords(txCtx, customerId);
      const consents = await consentHistory(tx, customerId);
      const activities = await exportActivities(txCtx, customerId);
      const audit = await findAuditEntriesForCustomer(txCtx, customerId);
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
      return {
        format: 'atrium.customer-export.v1',
        exported_at: ctx.clock.now(),
        ...records,
        consents,
        activities,
        audit_log: audit,
      };
    },
    { isolationLevel: 'repeatable read' },
  );
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
