import { z } from 'zod';
import {
  optionalText,
  pageQuery,
  paginationSchema,
  timestampSchema,
  uuidSchema,
} from '../../core/schemas.ts';
import {
  incidentStatuses,
  type PersonalInformationType,
  personalInformationTypes,
  seriousInjuryRisks,
} from './incidents.tables.ts';

export { incidentStatuses, type PersonalInformationType, personalInformationTypes, seriousInjuryRisks };
export type SeriousInjuryRisk = (typeof seriousInjuryRisks)[number];
export type IncidentStatus = (typeof incidentStatuses)[number];

/** More links than this is a list of affected people, which `persons_count` counts. */
export const maxLinkedCustomers = 500;

const informationTypeSchema = z.enum(personalInformationTypes, { error: 'Unknown information type' });

// Written once; the create body requires some of them and gives defaults, the patch takes any.
const fields = {
  occurred_at: timestampSchema,
  discovered_at: timestampSchema,
  description: z.string().trim().min(1, 'Required').max(10_000),
  personal_information_types: z
    .array(informationTypeSchema)
    .min(1, 'Choose at least one type of information')
    .max(personalInformationTypes.length * 2)
    .transform((types) => [...new Set(types)]),
  persons_count: z
    .number({ error: 'Must be a whole number' })
    .int('Must be a whole number')
    .min(0, 'Must be 0 or more')
    .max(100_000_000),
  customer_ids: z
    .array(uuidSchema)
    .max(maxLinkedCustomers)
    .transform((ids) => [...new Set(ids)]),
  cause: optionalText(10_000),
  serious_injury_risk: z.enum(seriousInjuryRisks),
  risk_assessment: optionalText(20_000),
  measures_taken: optionalText(20_000),
  cai_notified_at: timestampSchema.nullable().optional(),
  persons_notified_at: timestampSchema.nullable().optional(),
  status: z.enum(incidentStatuses),
};

export const incidentCreateSchema = z
  .strictObject({
    ...fields,
    customer_ids: fields.customer_ids.default([]),
    serious_injury_risk: fields.serious_injury_risk.default('under_assessment'),
    status: fields.status.default('open'),
  })
  .meta({ id: 'PrivacyIncidentCreate' });

export type IncidentCreate = z.infer<typeof incidentCreateSchema>;

export const incidentPatchSchema = z
  .strictObject({
    occurred_at: fields.occurred_at.optional(),
    discovered_at: fields.discovered_at.optional(),
    description: fields.description.optional(),
    personal_information_types: fields.personal_information_types.optional(),
    persons_count: fields.persons_count.optional(),
    customer_ids: fields.customer_ids.optional(),
    cause: fields.cause,
    serious_injury_risk: fields.serious_injury_risk.optional(),
    risk_assessment: fields.risk_assessment,
    measures_taken: fields.measures_taken,
    cai_notified_at: fields.cai_notified_at,
    persons_notified_at: fields.persons_notified_at,
    status: fields.status.optional(),
  })
  .meta({ id: 'PrivacyIncidentPatch' });

export type IncidentPatch = z.infer<typeof incidentPatchSchema>;

export const incidentSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    occurred_at: timestampSchema,
    discovered_at: timestampSchema,
    description: z.string(),
    personal_information_types: z.array(z.enum(personalInformationTypes)),
    persons_count: z.number().int(),
    customer_ids: z.array(z.string()),
    cause: z.string().nullable(),
    serious_injury_risk: z.enum(seriousInjuryRisks),
    risk_assessment: z.string().nullable(),
    measures_taken: z.string().nullable(),
    cai_notified_at: timestampSchema.nullable(),
    persons_notified_at: timestampSchema.nullable(),
    status: z.enum(incidentStatuses),
    created_by: z.string().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'PrivacyIncident' });

/** One incident as a page shows it: its linked customers with their names. */
export const incidentDetailSchema = incidentSchema
  .extend({ customers: z.array(z.object({ id: z.string(), display_name: z.string() })) })
  .meta({ id: 'PrivacyIncidentDetail' });

export type Incident = z.infer<typeof incidentSchema>;

export const incidentListQuery = z.strictObject({
  status: z.enum(incidentStatuses).optional(),
  serious_injury_risk: z.enum(seriousInjuryRisks).optional(),
  /** true: a serious risk whose notification to the CAI is not recorded yet. */
  awaiting_cai_notification: z.stringbool().optional(),
  /** The start of a number (INC-2026-00), or words of the description or cause. */
  q: z.string().trim().min(1).max(100).optional(),
  ...pageQuery,
});

export type IncidentListQuery = z.infer<typeof incidentListQuery>;

export const incidentListSchema = z.object({ data: z.array(incidentSchema), pagination: paginationSchema });
