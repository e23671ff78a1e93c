import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { nextInSeries } from '../../core/numbering.ts';
import { findUsersByIds } from '../auth/index.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { calendarDateIn, companyTimeZone } from '../finances/index.ts';
import { computeCci, type Injuries } from './cci.ts';
import { getClaim, readClaimOrThrow, staffRoles } from './claims.read.ts';
import { checkClaimTransition, claimSeries, formatClaimNumber } from './claims.rules.ts';
import type { ClaimCreate, ClaimPatch } from './claims.schemas.ts';
import {
  type ClaimStatus,
  type ClaimType,
  claim_status_changes,
  claims,
  conversation_handoffs,
  conversations,
} from './claims.tables.ts';
import { type ContractRow, findActiveContract, getContract } from './contracts.service.ts';

/** Timeline words for a status, in French like every timeline title (the web translates by event). */
const statusTitles: Record<ClaimStatus, string> = {
  ouvert: 'ouvert',
  en_cours: 'en cours',
  en_attente_documents: 'en attente de documents',
  escalade: 'transmis à un conseiller',
  approuve: 'approuvé',
  refuse: 'refusé',
  rembourse: 'remboursé',
  ferme: 'fermé',
};

export interface OpenClaimInput {
  customer_id: string;
  contract_id?: string;
  /** The contract already found (the conversation's decision): not read again. */
  contract?: ContractRow;
  conversation_id?: string | null;
  type: ClaimType;
  incident_on: string;
  description: string;
  estimated_amount_cents: number | null;
  injuries: Injuries;
  urgent: boolean;
  details?: Record<string, string | boolean | null>;
}

/** The customer's claims opened in the 12 months before now (the CCI's repeated-claims factor). */
async function recentClaimCount(ctx: Ctx, customerId: string) {
  const [row] = await ctx.db
    .select({ total: count() })
    .from(claims)
    .where(
      and(
        eq(claims.customer_id, customerId),
        gt(claims.created_at, sql`${ctx.clock.now().toISOString()}::timestamptz - interval '12 months'`),
      ),
    );
  return row?.total ?? 0;
}

/**
 * Opens a claim inside the caller's transaction: the contract that covers the incident date
 * (422 `claim.contract_inactive` without one), its CCI and factors, its number, its first
 * status, the change recorded. Staff's form and the conversation both come through here.
 */
export async function openClaim(txCtx: Ctx, input: OpenClaimInput) {
  const contract = input.contract
    ? input.contract
    : input.contract_id
      ? await getContract(txCtx, input.contract_id)
      : await findActiveContract(txCtx, input.customer_id, input.incident_on, input.type);
  const covers =
    contract &&
    contract.customer_id === input.customer_id &&
    contract.status === 'active' &&
    contract.start_date <= input.incident_on &&
    (contract.end_date === null || contract.end_date >= input.incident_on);
  if (!contract || !covers) {
    throw new AppError(
      'claim.contract_inactive',
      `No active contract covers ${input.incident_on}`,
      { incident_on: input.incident_on },
      [
        {
          path: input.contract_id ? 'contract_id' : 'incident_on',
          message: 'No active contract on this date',
        },
      ],
    );
  }
  const now = txCtx.clock.now();
  const cci = computeCci({
    type: input.type,
    estimated_amount_cents: input.estimated_amount_cents,
    injuries: input.injuries,
    urgent: input.urgent,
    text: input.description,
    recent_claims: await recentClaimCount(txCtx, input.customer_id),
  });
  const id = newId();
  const year = Number(calendarDateIn(now, companyTimeZone).slice(0, 4));
  // Drawn late: the year's series stays locked until this transaction commits.
  const number = formatClaimNumber(year, await nextInSeries(txCtx, claimSeries(year)));
  await txCtx.db.insert(claims).values({
    id,
    number,
    customer_id: input.customer_id,
    contract_id: contract.id,
    conversation_id: input.conversation_id ?? null,
    type: input.type,
    incident_on: input.incident_on,
    description: input.description,
    estimated_amount_cents: input.estimated_amount_cents,
    injuries: input.injuries,
    details: { ...input.details, ...(input.urgent ? { urgent: true } : {}) },
    cci: cci.score,
    cci_factors: cci.factors,
    status_dossier: 'ouvert',
    created_by: txCtx.actor.id,
    status_changed_at: now,
    created_at: now,
    updated_at: now,
  });
  await txCtx.db.insert(claim_status_changes).values({
    id: newId(),
    claim_id: id,
    from_status: null,
    to_status: 'ouvert',
    changed_by: txCtx.actor.id,
    changed_at: now,
  });
  await recordChange(txCtx, {
    event: 'claim.opened',
    entity: 'claim',
    entity_id: id,
    customer_id: input.customer_id,
    changed_fields: ['type', 'incident_on', 'description', 'contract_id', 'cci'],
    activity: {
      activity_type: 'claim',
      title: `Sinistre déclaré : ${number}`,
      reference_table: 'claims',
      metadata: { number, type: input.type, cci: cci.score },
    },
    payload: { claim_id: id, number, customer_id: input.customer_id, cci: cci.score },
  });
  return { id, number, cci: cci.score };
}

async function customerForNewClaim(txCtx: Ctx, requested: string | undefined) {
  const { actor } = txCtx;
  const customerId = actor.role === 'client' ? (requested ?? actor.customer_id) : requested;
  if (!customerId) {
    if (actor.role === 'client') throw new AppError('auth.forbidden', 'This client key names no customer');
    throw invalidFields([{ path: 'customer_id', message: 'Required' }]);
  }
  try {
    return await getCustomerOrThrow(txCtx, customerId, { writable: true, purpose: 'claim' });
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') {
      throw invalidFields([{ path: 'customer_id', message: 'No such customer' }]);
    }
    throw error;
  }
}

export async function createClaim(ctx: Ctx, input: ClaimCreate) {
  const id = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const customer = await customerForNewClaim(txCtx, input.customer_id);
    if (input.contract_id) {
      try {
        await getContract(txCtx, input.contract_id);
      } catch (error) {
        if (error instanceof AppError && error.code === 'contract.not_found') {
          throw invalidFields([{ path: 'contract_id', message: 'No such contract' }]);
        }
        throw error;
      }
    }
    const opened = await openClaim(txCtx, {
      ...input,
      customer_id: customer.id,
      estimated_amount_cents: input.estimated_amount_cents ?? null,
    });
    return opened.id;
  });
  return getClaim(ctx, id);
}

interface Move {
  from: ClaimStatus;
  to: ClaimStatus;
  note?: string | null;
}

/** A status move, with its history row and the change recorded (claim.status_changed). */
export async function recordClaimStatus(
  txCtx: Ctx,
  claim: { id: string; number: string; customer_id: string; assigned_to?: string | null },
  move: Move,
) {
  const now = txCtx.clock.now();
  await txCtx.db.insert(claim_status_changes).values({
    id: newId(),
    claim_id: claim.id,
    from_status: move.from,
    to_status: move.to,
    note: move.note ?? null,
    changed_by: txCtx.actor.id,
    changed_at: now,
  });
  await recordChange(txCtx, {
    event: 'claim.status_changed',
    entity: 'claim',
    entity_id: claim.id,
    customer_id: claim.customer_id,
    changed_fields: ['status_dossier'],
    activity: {
      activity_type: 'claim',
      title: `Sinistre ${statusTitles[move.to]} : ${claim.number}`,
      reference_table: 'claims',
      metadata: { number: claim.number, from: move.from, to: move.to },
    },
    // The assignee: whose open claim page the real-time channel refreshes (a signal, ADR 14).
    payload: {
      claim_id: claim.id,
      number: claim.number,
      from: move.from,
      to: move.to,
      assigned_to: claim.assigned_to ?? null,
    },
    audit_metadata: { status_from: move.from, status_to: move.to },
  });
}

/**
 * Status (along claimTransitions, else 409), note, documents asked for, reimbursement,
 * description and estimate. Reimbursed needs an amount (422 `claim.reimbursement_required`).
 */
export async function updateClaim(ctx: Ctx, id: string, patch: ClaimPatch) {
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const claim = await readClaimOrThrow(txCtx, id, { forUpdate: true });
    const now = ctx.clock.now();
    const set: Partial<typeof claims.$inferInsert> = {};
    const changed: string[] = [];
    if (patch.reimbursement_cents !== undefined && patch.reimbursement_cents !== claim.reimbursement_cents) {
      set.reimbursement_cents = patch.reimbursement_cents;
      changed.push('reimbursement_cents');
    }
    if (patch.description !== undefined && patch.description !== claim.description) {
      set.description = patch.description;
      changed.push('description');
    }
    if (
      patch.estimated_amount_cents !== undefined &&
      patch.estimated_amount_cents !== claim.estimated_amount_cents
    ) {
      set.estimated_amount_cents = patch.estimated_amount_cents;
      changed.push('estimated_amount_cents');
    }
    if (patch.documents_requested !== undefined) {
      set.documents_requested = patch.documents_requested;
      changed.push('documents_requested');
    }
    const to = patch.status_dossier;
    if (to !== undefined && to !== claim.status_dossier) {
      checkClaimTransition(claim.number, claim.status_dossier, to);
      const reimbursement =
        set.reimbursement_cents !== undefined ? set.reimbursement_cents : claim.reimbursement_cents;
      if (to === 'rembourse' && !reimbursement) {
        throw new AppError(
          'claim.reimbursement_required',
          `${claim.number} has no reimbursement amount`,
          undefined,
          [{ path: 'reimbursement_cents', message: 'Required to mark the claim reimbursed' }],
        );
      }
      set.status_dossier = to;
      set.status_changed_at = now;
      if (to !== 'en_attente_documents' && patch.documents_requested === undefined)
        set.documents_requested = null;
      await recordClaimStatus(txCtx, claim, {
        from: claim.status_dossier,
        to,
        note: patch.note ?? patch.documents_requested ?? null,
      });
    }
    if (changed.length > 0) {
      await recordChange(txCtx, {
        event: 'claim.updated',
        entity: 'claim',
        entity_id: id,
        customer_id: claim.customer_id,
        changed_fields: changed,
        payload: { claim_id: id, number: claim.number },
      });
    }
    if (Object.keys(set).length === 0) return;
    await tx
      .update(claims)
      .set({ ...set, updated_at: now })
      .where(eq(claims.id, id));
  });
  return getClaim(ctx, id);
}

export async function checkAssignee(ctx: Ctx, userId: string) {
  const user = (await findUsersByIds(ctx, [userId])).get(userId);
  if (!user || !(staffRoles as readonly string[]).includes(user.role)) {
    throw invalidFields([{ path: 'assigned_to', message: 'Must be a staff user' }]);
  }
}

/** Sets the claim's advisor inside the caller's transaction (claim.assigned); nothing when unchanged. */
export async function setClaimAssignee(
  txCtx: Ctx,
  claim: { id: string; number: string; customer_id: string; assigned_to: string | null },
  assignedTo: string | null,
) {
  if (claim.assigned_to === assignedTo) return;
  await txCtx.db
    .update(claims)
    .set({ assigned_to: assignedTo, updated_at: txCtx.clock.now() })
    .where(eq(claims.id, claim.id));
  await recordChange(txCtx, {
    event: 'claim.assigned',
    entity: 'claim',
    entity_id: claim.id,
    customer_id: claim.customer_id,
    changed_fields: ['assigned_to'],
    // The timeline says the claim is in hand, never by whom (clients read it).
    activity: {
      activity_type: 'claim',
      title: `${assignedTo ? 'Sinistre pris en charge' : 'Sinistre remis en file'} : ${claim.number}`,
      reference_table: 'claims',
      metadata: { number: claim.number, assigned: assignedTo !== null },
    },
    payload: { claim_id: claim.id, number: claim.number, assigned_to: assignedTo },
  });
}

/**
 * Assigns the claim (default: to the caller). An escalation of its conversation still in the
 * queue is taken by the assignee at the same time: the queue shows what nobody handles.
 */
export async function assignClaim(ctx: Ctx, id: string, input: { assigned_to?: string | null }) {
  const assignedTo = input.assigned_to === undefined ? ctx.actor.id : input.assigned_to;
  if (assignedTo) await checkAssignee(ctx, assignedTo);
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const claim = await readClaimOrThrow(txCtx, id, { forUpdate: true });
    await setClaimAssignee(txCtx, claim, assignedTo);
    if (!assignedTo || !claim.conversation_id) return;
    const now = ctx.clock.now();
    const taken = await tx
      .update(conversation_handoffs)
      .set({ taken_by: assignedTo, taken_at: now })
      .where(
        and(
          eq(conversation_handoffs.conversation_id, claim.conversation_id),
          isNull(conversation_handoffs.taken_at),
        ),
      )
      .returning({ id: conversation_handoffs.id });
    if (taken.length === 0) return;
    await tx
      .update(conversations)
      .set({ assigned_to: assignedTo, taken_at: now, updated_at: now })
      .where(eq(conversations.id, claim.conversation_id));
    await recordChange(txCtx, {
      event: 'conversation.taken',
      entity: 'conversation',
      entity_id: claim.conversation_id,
      customer_id: claim.customer_id,
      payload: { conversation_id: claim.conversation_id, advisor_id: assignedTo },
    });
  });
  return getClaim(ctx, id);
}
