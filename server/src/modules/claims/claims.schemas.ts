import { z } from 'zod';
import { pageQuery, paginationSchema, timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { claimStatuses, claimTypes, contractStatuses } from './claims.tables.ts';

export { claimStatuses, claimTypes, contractStatuses };

const calendarDate = z.iso.date({ error: 'A date (YYYY-MM-DD)' });
const cents = z.number().int('Whole cents').min(0).max(100_000_000_000);

// Contracts (policies).

export const contractCreateSchema = z
  .strictObject({
    number: z.string().trim().min(1, 'Required').max(50),
    product: z.string().trim().min(1, 'Required').max(100),
    start_date: calendarDate,
    end_date: calendarDate.nullable().optional(),
    status: z.enum(contractStatuses).default('active'),
  })
  .refine((contract) => !contract.end_date || contract.end_date >= contract.start_date, {
    path: ['end_date'],
    message: 'Must not be before start_date',
  })
  .meta({ id: 'ContractCreate' });

export type ContractCreate = z.infer<typeof contractCreateSchema>;

export const contractPatchSchema = z
  .strictObject({
    product: z.string().trim().min(1).max(100).optional(),
    start_date: calendarDate.optional(),
    end_date: calendarDate.nullable().optional(),
    status: z.enum(contractStatuses).optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'Give product, start_date, end_date or status',
  })
  .meta({ id: 'ContractPatch' });

export type ContractPatch = z.infer<typeof contractPatchSchema>;

export const contractSchema = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    number: z.string(),
    product: z.string(),
    start_date: z.string(),
    end_date: z.string().nullable(),
    status: z.enum(contractStatuses),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Contract' });

export const contractListSchema = z
  .object({ data: z.array(contractSchema), pagination: paginationSchema })
  .meta({ id: 'ContractList' });

export const contractListQuery = z.strictObject({ ...pageQuery });

// Claims.

export const cciFactorSchema = z
  .object({
    code: z.enum(['type', 'amount', 'injuries', 'urgency', 'distress', 'repeated_claims']),
    points: z.number().int(),
    detail: z.string(),
  })
  .meta({ id: 'CciFactor' });

export const injuriesSchema = z.enum(['none', 'minor', 'serious']);

export const claimCreateSchema = z
  .strictObject({
    /** Staff: the customer. A client's claim is always their own. */
    customer_id: uuidSchema.optional(),
    /** The contract; default the customer's contract active on the incident date. */
    contract_id: uuidSchema.optional(),
    type: z.enum(claimTypes),
    incident_on: calendarDate,
    description: z.string().trim().min(1, 'Required').max(20_000),
    estimated_amount_cents: cents.nullable().optional(),
    injuries: injuriesSchema.default('none'),
    urgent: z.boolean().default(false),
  })
  .meta({ id: 'ClaimCreate' });

export type ClaimCreate = z.infer<typeof claimCreateSchema>;

export const claimPatchSchema = z
  .strictObject({
    status_dossier: z.enum(claimStatuses).optional(),
    /** Why (shown in the follow-up). */
    note: z.string().trim().min(1).max(2000).optional(),
    /** What the customer must send, with a move to en_attente_documents. */
    documents_requested: z.string().trim().min(1).max(2000).optional(),
    reimbursement_cents: cents.nullable().optional(),
    description: z.string().trim().min(1).max(20_000).optional(),
    estimated_amount_cents: cents.nullable().optional(),
  })
  .refine(
    (patch) =>
      patch.status_dossier !== undefined ||
      patch.reimbursement_cents !== undefined ||
      patch.description !== undefined ||
      patch.estimated_amount_cents !== undefined ||
      patch.documents_requested !== undefined,
    {
      message:
        'Give status_dossier, reimbursement_cents, description, estimated_amount_cents or documents_requested',
    },
  )
  .meta({ id: 'ClaimPatch' });

export type ClaimPatch = z.infer<typeof claimPatchSchema>;

export const claimAssignSchema = z
  .strictObject({
    /** A staff user; omitted: the caller; null: back to nobody. */
    assigned_to: uuidSchema.nullable().optional(),
  })
  .meta({ id: 'ClaimAssign' });

function listOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .max(200)
    .transform((value) => [...new Set(value.split(',').filter(Boolean))])
    .pipe(z.array(z.enum(values)).min(1, `One or more of ${values.join(', ')}`));
}

export const claimListQuery = z
  .strictObject({
    status: listOf(claimStatuses).optional(),
    escalated: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional(),
    /** A user id, `me` or `none`. */
    assigned_to: z.union([uuidSchema, z.enum(['me', 'none'])], { error: 'A user id, me or none' }).optional(),
    customer_id: uuidSchema.optional(),
    type: listOf(claimTypes).optional(),
    cci_min: z.coerce.number().int().min(0).max(100).optional(),
    cci_max: z.coerce.number().int().min(0).max(100).optional(),
    /** The start of a number (SIN-2026-0001) or words of the description. */
    q: z.string().trim().min(1).max(100).optional(),
    sort: z.enum(['newest', 'oldest', 'cci']).default('newest'),
    ...pageQuery,
  })
  .refine(
    (query) => query.cci_min === undefined || query.cci_max === undefined || query.cci_min <= query.cci_max,
    {
      path: ['cci_max'],
      message: 'Must not be below cci_min',
    },
  );

export type ClaimListQuery = z.infer<typeof claimListQuery>;

export const claimSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    customer_id: z.string(),
    customer_name: z.string().nullable(),
    contract_id: z.string(),
    contract_number: z.string().nullable(),
    conversation_id: z.string().nullable(),
    type: z.enum(claimTypes),
    incident_on: z.string(),
    description: z.string(),
    estimated_amount_cents: z.number().int().nullable(),
    injuries: injuriesSchema,
    details: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])),
    cci: z.number().int(),
    cci_factors: z.array(cciFactorSchema),
    status_dossier: z.enum(claimStatuses),
    escalated: z.boolean(),
    escalated_at: timestampSchema.nullable(),
    escalation_reason: z.string().nullable(),
    assigned_to: z.string().nullable(),
    assignee_name: z.string().nullable(),
    reimbursement_cents: z.number().int().nullable(),
    currency: z.string(),
    documents_requested: z.string().nullable(),
    status_changed_at: timestampSchema,
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Claim' });

export type Claim = z.infer<typeof claimSchema>;

export const claimListSchema = z
  .object({ data: z.array(claimSchema), pagination: paginationSchema })
  .meta({ id: 'ClaimList' });

export const claimStatusChangeSchema = z
  .object({
    from_status: z.enum(claimStatuses).nullable(),
    to_status: z.enum(claimStatuses),
    note: z.string().nullable(),
    changed_at: timestampSchema,
  })
  .meta({ id: 'ClaimStatusChange' });

export const claimDetailSchema = claimSchema
  .extend({
    /** The moves its status may make now (claims.rules.ts). */
    allowed_transitions: z.array(z.enum(claimStatuses)),
  })
  .meta({ id: 'ClaimDetail' });

export const pendingActionSchema = z
  .object({
    code: z.string(),
    by: z.enum(['customer', 'advisor', 'insurer']),
    detail: z.string().nullable(),
  })
  .meta({ id: 'ClaimPendingAction' });

export const claimFollowUpSchema = z
  .object({
    claim_id: z.string(),
    number: z.string(),
    status_dossier: z.enum(claimStatuses),
    status_history: z.array(claimStatusChangeSchema),
    pending_actions: z.array(pendingActionSchema),
    reimbursement: z.object({
      amount_cents: z.number().int().nullable(),
      currency: z.string(),
      status: z.enum(['none', 'pending', 'approved', 'paid']),
    }),
  })
  .meta({ id: 'ClaimFollowUp' });

export const queueItemSchema = z
  .object({
    handoff_id: z.string(),
    conversation_id: z.string(),
    cycle: z.number().int(),
    reason: z.enum(['cci', 'customer_request']),
    cci: z.number().int().nullable(),
    claim_id: z.string().nullable(),
    claim_number: z.string().nullable(),
    claim_type: z.enum(claimTypes).nullable(),
    customer_id: z.string().nullable(),
    customer_name: z.string().nullable(),
    escalated_at: timestampSchema,
  })
  .meta({ id: 'ClaimQueueItem' });

export const queueSchema = z.object({ data: z.array(queueItemSchema) }).meta({ id: 'ClaimQueue' });
