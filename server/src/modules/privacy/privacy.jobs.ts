import { sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import type { JobDefinition } from '../../core/jobs.ts';
import { recordChange } from '../changes/index.ts';

/**
 * Puts an expired consent on the timeline once: `hasValidConsent` already refuses it from
 * the moment it expires; this makes the moment visible to staff. Idempotent.
 */
export async function recordExpiredConsents(ctx: Ctx): Promise<{ expired: number }> {
  const { rows } = await ctx.db.execute<{
    id: string;
    customer_id: string;
    consent_type: string;
    version: number;
  }>(sql`
    select c.id, c.customer_id, c.consent_type, c.version
    from customer_consents c
    where c.is_granted and c.expires_at <= ${ctx.clock.now().toISOString()}::timestamptz
      and not exists (select 1 from customer_consents newer
        where newer.customer_id = c.customer_id and newer.consent_type = c.consent_type and newer.version > c.version)
      and not exists (select 1 from customer_activity a
        where a.customer_id = c.customer_id and a.reference_id = c.id and a.metadata->>'event' = 'consent.expired')
    limit 1000`);
  for (const row of rows) {
    await ctx.db.transaction(async (tx) => {
      // Re-checked under a lock on the customer so two workers never log it twice.
      await tx.execute(sql`select 1 from customers where id = ${row.customer_id} for update`);
      const { rows: already } = await tx.execute(sql`select 1 from customer_activity
        where customer_id = ${row.customer_id} and reference_id = ${row.id} and metadata->>'event' = 'consent.expired'`);
      if (already.length) return;
      await recordChange(
        { ...ctx, db: tx },
        {
          event: 'consent.expired',
          entity: 'customer_consent',
          entity_id: row.id,
          customer_id: row.customer_id,
          activity: {
            activity_type: 'consent',
            title: `Consentement expiré : ${row.consent_type}`,
            reference_table: 'customer_consents',
            metadata: { consent_type: row.consent_type, version: row.version },
          },
          payload: { consent_type: row.consent_type, version: row.version },
        },
      );
    });
  }
  return { expired: rows.length };
}

export const privacyJobs: JobDefinition[] = [
  { name: 'privacy.record-expired-consents', cron: '*/10 * * * *', handler: recordExpiredConsents },
];
