import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Actor, Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { paginate } from '../../core/schemas.ts';
import { findUsersByIds } from '../auth/index.ts';
import { auditConfidentialReads, canSeeCustomer, customers, visibleCustomers } from '../customers/index.ts';
import { claimTransitions, pendingActionsOf } from './claims.rules.ts';
import type { Claim, ClaimListQuery } from './claims.schemas.ts';
import {
  claim_status_changes,
  claims,
  contracts,
  conversation_handoffs,
  conversations,
} from './claims.tables.ts';

const { search_text: _searchText, ...claimColumns } = getTableColumns(claims);

export type ClaimRow = Omit<typeof claims.$inferSelect, 'search_text'>;
export type ClaimRead = ClaimRow & {
  customer_name: string | null;
  customer_privacy_level: string | null;
  customer_assigned_user_id: string | null;
  contract_number: string | null;
};

const readColumns = {
  ...claimColumns,
  customer_name: customers.display_name,
  customer_privacy_level: customers.privacy_level,
  customer_assigned_user_id: customers.assigned_user_id,
  contract_number: contracts.number,
};

export const staffRoles = ['admin', 'staff', 'advisor'] as const;

export function isStaff(actor: Actor): boolean {
  return (staffRoles as readonly string[]).includes(actor.role);
}

function canSeeClaim(actor: Actor, row: ClaimRead): boolean {
  return canSeeCustomer(actor, {
    id: row.customer_id,
    privacy_level: (row.customer_privacy_level ?? 'normal') as 'normal',
    assigned_user_id: row.customer_assigned_user_id,
  });
}

function notFound(id: string) {
  return new AppError('claim.not_found', 'No such claim', { claim_id: id });
}

async function auditShown(ctx: Ctx, rows: ClaimRead[]) {
  const confidential = rows.flatMap((row) =>
    row.customer_privacy_level === 'confidentiel'
      ? [{ id: row.customer_id, privacy_level: 'confidentiel' as const }]
      : [],
  );
  if (confidential.length) await auditConfidentialReads(ctx, confidential, 'claim');
}

/** The one door to a claim: 404 when missing or not the caller's to see (a client: their own only). */
export async function readClaimOrThrow(ctx: Ctx, id: string, options: { forUpdate?: boolean } = {}) {
  const query = ctx.db
    .select(readColumns)
    .from(claims)
    .innerJoin(customers, eq(customers.id, claims.customer_id))
    .leftJoin(contracts, eq(contracts.id, claims.contract_id))
    .where(eq(claims.id, id));
  const [row] = options.forUpdate ? await query.for('update', { of: claims }) : await query;
  if (!row || !canSeeClaim(ctx.actor, row)) throw notFound(id);
  await auditShown(ctx, [row]);
  return row;
}

export async function toClaims(ctx: Ctx, rows: ClaimRead[]): Promise<Claim[]> {
  const names = await findUsersByIds(
    ctx,
    rows.flatMap((row) => (row.assigned_to ? [row.assigned_to] : [])),
  );
  return rows.map((row) => {
    const { customer_privacy_level: _level, customer_assigned_user_id: _assigned, ...fields } = row;
    return {
      ...fields,
      // What a client reads of their own claim leaves out who handles it internally.
      assignee_name: row.assigned_to ? (names.get(row.assigned_to)?.name ?? null) : null,
    };
  });
}

export async function getClaim(ctx: Ctx, id: string) {
  const row = await readClaimOrThrow(ctx, id);
  const [claim] = await toClaims(ctx, [row]);
  return { ...claim!, allowed_transitions: [...claimTransitions[row.status_dossier]] };
}

export async function getClaimFollowUp(ctx: Ctx, id: string) {
  const row = await readClaimOrThrow(ctx, id);
  const history = await ctx.db
    .select({
      from_status: claim_status_changes.from_status,
      to_status: claim_status_changes.to_status,
      note: claim_status_changes.note,
      changed_at: claim_status_changes.changed_at,
    })
    .from(claim_status_changes)
    .where(eq(claim_status_changes.claim_id, id))
    .orderBy(asc(claim_status_changes.changed_at), asc(claim_status_changes.id));
  const reimbursementStatus =
    row.status_dossier === 'rembourse' ||
    (row.status_dossier === 'ferme' && history.some((h) => h.to_status === 'rembourse'))
      ? 'paid'
      : row.status_dossier === 'approuve'
        ? 'approved'
        : row.reimbursement_cents !== null
          ? 'pending'
          : 'none';
  return {
    claim_id: row.id,
    number: row.number,
    status_dossier: row.status_dossier,
    status_history: history,
    pending_actions: pendingActionsOf(row),
    reimbursement: {
      amount_cents: row.reimbursement_cents,
      currency: row.currency,
      status: reimbursementStatus as 'none' | 'pending' | 'approved' | 'paid',
    },
  };
}

function visibleClaims(actor: Actor): SQL | undefined {
  if (actor.role === 'client')
    return actor.customer_id ? eq(claims.customer_id, actor.customer_id) : sql`false`;
  return visibleCustomers(actor);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

const orders = {
  newest: [desc(claims.created_at), desc(claims.id)],
  oldest: [asc(claims.created_at), asc(claims.id)],
  cci: [desc(claims.cci), asc(claims.created_at), asc(claims.id)],
} satisfies Record<ClaimListQuery['sort'], SQL[]>;

export async function findClaims(ctx: Ctx, query: ClaimListQuery) {
  const conditions: (SQL | undefined)[] = [visibleClaims(ctx.actor)];
  if (query.status) conditions.push(inArray(claims.status_dossier, query.status));
  if (query.type) conditions.push(inArray(claims.type, query.type));
  if (query.escalated !== undefined) conditions.push(eq(claims.escalated, query.escalated));
  if (query.customer_id) conditions.push(eq(claims.customer_id, query.customer_id));
  if (query.cci_min !== undefined) conditions.push(gte(claims.cci, query.cci_min));
  if (query.cci_max !== undefined) conditions.push(lte(claims.cci, query.cci_max));
  if (query.assigned_to === 'none') conditions.push(isNull(claims.assigned_to));
  else if (query.assigned_to === 'me') {
    conditions.push(ctx.actor.id ? eq(claims.assigned_to, ctx.actor.id) : sql`false`);
  } else if (query.assigned_to) conditions.push(eq(claims.assigned_to, query.assigned_to));
  if (query.q) {
    const words = sql`${claims.search_text} like ('%' || atrium_fold(${escapeLike(query.q)}) || '%')`;
    conditions.push(or(sql`${claims.number} like ${`${escapeLike(query.q.toUpperCase())}%`}`, words));
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(readColumns)
      .from(claims)
      .innerJoin(customers, eq(customers.id, claims.customer_id))
      .leftJoin(contracts, eq(contracts.id, claims.contract_id))
      .where(where)
      .orderBy(...orders[query.sort])
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db
      .select({ total: count() })
      .from(claims)
      .innerJoin(customers, eq(customers.id, claims.customer_id))
      .where(where),
  ]);
  await auditShown(ctx, rows);
  return {
    data: await toClaims(ctx, rows),
    pagination: paginate(total?.total ?? 0, query.page, query.per_page),
  };
}

/**
 * The advisor queue: escalations not yet taken, oldest first (at most 100; the queue is meant
 * to stay short). Conversations escalated before the customer was identified have no customer.
 */
export async function findClaimQueue(ctx: Ctx) {
  const customerVisible = visibleCustomers(ctx.actor);
  const rows = await ctx.db
    .select({
      handoff_id: conversation_handoffs.id,
      conversation_id: conversation_handoffs.conversation_id,
      cycle: conversation_handoffs.cycle,
      reason: conversation_handoffs.reason,
      cci: conversation_handoffs.cci,
      claim_id: conversation_handoffs.claim_id,
      claim_number: claims.number,
      claim_type: claims.type,
      customer_id: conversations.customer_id,
      customer_name: customers.display_name,
      escalated_at: conversation_handoffs.created_at,
    })
    .from(conversation_handoffs)
    .innerJoin(conversations, eq(conversations.id, conversation_handoffs.conversation_id))
    .leftJoin(customers, eq(customers.id, conversations.customer_id))
    .leftJoin(claims, eq(claims.id, conversation_handoffs.claim_id))
    .where(
      and(
        isNull(conversation_handoffs.taken_at),
        customerVisible ? or(isNull(conversations.customer_id), customerVisible) : undefined,
      ),
    )
    .orderBy(asc(conversation_handoffs.created_at), asc(conversation_handoffs.id))
    .limit(100);
  return { data: rows };
}
