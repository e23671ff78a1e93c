import { z } from 'zod';
import { timestampSchema } from '../../core/schemas.ts';

export const auditSealSchema = z
  .object({
    block_no: z.number().int(),
    entry_count: z.number().int(),
    first_entry_id: z.string(),
    last_entry_id: z.string(),
    first_occurred_at: timestampSchema,
    last_occurred_at: timestampSchema,
    /** SHA-256 (hex) over the previous block's hash and this block's entries. */
    hash: z.string(),
    sealed_at: timestampSchema,
  })
  .meta({ id: 'AuditSeal' });

export const sealResultSchema = z
  .object({ block: auditSealSchema.nullable().describe('The new block; null when nothing was left to seal') })
  .meta({ id: 'AuditSealResult' });

export const auditVerificationSchema = z
  .object({
    ok: z.boolean(),
    verified_up_to: timestampSchema
      .nullable()
      .describe('The latest time among the entries of the blocks that verified; null before the first seal'),
    blocks_checked: z.number().int(),
    entries_checked: z.number().int(),
    unsealed_entries: z.number().int(),
    latest_block: auditSealSchema
      .nullable()
      .describe('The head of the chain: keep its hash outside the database to detect a rewrite of the chain'),
    failure: z
      .object({
        kind: z.enum([
          'altered',
          'deleted',
          'inserted',
          'chain_broken',
          'seal_altered',
          'transaction_ids_behind',
        ]),
        block_no: z.number().int().nullable(),
        entry_id: z.string().nullable(),
        message: z.string(),
      })
      .nullable()
      .describe('The first entry or block that no longer matches; null when the chain verified'),
  })
  .meta({ id: 'AuditVerification' });
