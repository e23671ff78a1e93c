import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Actor, Ctx } from '../../core/context.ts';
import { type Db, preparedStatement } from '../../core/db.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pgCodes, pgErrorOf } from '../../core/pg-errors.ts';
import { paginate } from '../../core/schemas.ts';
import { recordAudit, recordAudits } from '../audit/index.ts';
import { recordChange } from '../changes/index.ts';
import {
  type CustomerCreate,
  type CustomerListQuery,
  type CustomerPatch,
  customerIdentityIssues,
} from './customers.schemas.ts';
import {
  type Param,
  placeholders,
  planCustomerSearch,
  type SearchParams,
  type SearchPlan,
  searchPage,
  values,
} from './customers.search.ts';
import { customers } from './customers.tables.ts';

const { search_tokens: _tokens, sort_name: _sortName, ...customerColumns } = getTableColumns(customers);

export { customerColumns };

export type Customer = Omit<typeof customers.$inferSelect, 'search_tokens' | 'sort_name'>;

/** Staff roles see every customer except a `confidentiel` one not assigned to them; a client sees only their own. */
export function visibleCustomers(actor: Actor): SQL | undefined {
  if (actor.role === 'admin' || actor.role === 'system') return undefined;
  if (actor.role === 'client') {
    return actor.customer_id ? eq(customers.id, actor.customer_id) : sql`false`;
  }
  return actor.id
    ? or(ne(customers.privacy_level, 'confidentiel'), eq(customers.assigned_user_id, actor.id))
    : ne(customers.privacy_level, 'confidentiel');
}

export function canSeeCustomer(
  actor: Actor,
  customer: Pick<Customer, 'id' | 'privacy_level' | 'assigned_user_id'>,
) {
  if (actor.role === 'admin' || actor.role === 'system') return true;
  if (actor.role === 'client') return actor.customer_id === customer.id;
  return (
    customer.privacy_level !== 'confidentiel' || (actor.id !== null && customer.assigned_user_id === actor.id)
  );
}

// Every customer-scoped read starts here: built once per database handle, planned once per connection.
const customerByIdStatement = preparedStatement((db) =>
  db
    .select(customerColumns)
    .from(customers)
    .where(eq(customers.id, sql.placeholder('id')))
    .prepare('customer_by_id'),
);

/**
 * The one door to a customer for every module: 404 when it does not exist or the caller
 * may not see it (nothing leaks), and an audit entry for every read of a `confidentiel` one.
 * With `forUpdate`, the row stays locked until the caller's transaction ends.
 */
export async function getCustomerOrThrow(
  ctx: Ctx,
  id: string,
  options: { forUpdate?: boolean; purpose?: string; writable?: boolean } = {},
): Promise<Customer> {
  // NO KEY UPDATE serializes writers of this customer without blocking rows that merely
  // reference it (another module inserting a child row takes KEY SHARE).
  const [customer] = options.forUpdate
    ? await ctx.db.select(customerColumns).from(customers).where(eq(customers.id, id)).for('no key update')
    : await customerByIdStatement(ctx.db).execute({ id });
  if (!customer || !canSeeCustomer(ctx.actor, customer)) {
    throw new AppError('customer.not_found', 'No such customer', { customer_id: id });
  }
  if (options.writable && customer.anonymized_at) {
    throw new AppError('customer.anonymized', 'This customer was anonymized and can no longer change');
  }
  if (customer.privacy_level === 'confidentiel' && !options.forUpdate) {
    await recordAudit(ctx, {
      action: 'customer.read',
      entity: 'customer',
      entity_id: id,
      customer_id: id,
      metadata: { purpose: options.purpose ?? 'read' },
    });
  }
  return customer;
}

/**
 * The customers of these ids the actor may see, in one query (a batch job's page); reads of
 * confidential ones are audited as getCustomerOrThrow does, in one statement.
 */
export async function getCustomersByIds(
  ctx: Ctx,
  ids: readonly string[],
  purpose: string,
): Promise<Map<string, Customer>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select(customerColumns)
    .from(customers)
    .where(inArray(customers.id, [...new Set(ids)]));
  const visible = rows.filter((customer) => canSeeCustomer(ctx.actor, customer));
  await recordAudits(
    ctx,
    visible
      .filter((customer) => customer.privacy_level === 'confidentiel')
      .map((customer) => ({
        action: 'customer.read',
        entity: 'customer',
        entity_id: customer.id,
        customer_id: customer.id,
        metadata: { purpose },
      })),
  );
  return new Map(visible.map((customer) => [customer.id, customer]));
}

/**
 * The customer an email address belongs to (emails are stored in lower case), an active one
 * before an archived one, the oldest first; anonymized ones never. No visibility check: for
 * the system's own matching (the public contact form), never shown as such to a caller.
 */
export async function findCustomerByEmail(ctx: Ctx, email: string): Promise<Customer | undefined> {
  const [customer] = await ctx.db
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.email, email.trim().toLowerCase()), isNull(customers.anonymized_at)))
    .orderBy(sql`${customers.archived_at} is not null`, asc(customers.created_at), asc(customers.id))
    .limit(1);
  return customer;
}

/** A `confidentiel` customer shown in a list is a read like any other: each one is audited. */
export async function auditConfidentialReads(
  ctx: Ctx,
  rows: Pick<Customer, 'id' | 'privacy_level'>[],
  purpose: string,
): Promise<void> {
  for (const row of rows) {
    if (row.privacy_level !== 'confidentiel') continue;
    await recordAudit(ctx, {
      action: 'customer.read',
      entity: 'customer',
      entity_id: row.id,
      customer_id: row.id,
      metadata: { purpose },
    });
  }
}

function changedFields(before: Record<string, unknown>, patch: Record<string, unknown>): string[] {
  return Object.keys(patch).filter(
    (key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(patch[key] ?? null),
  );
}

function translateWriteError(error: unknown, matricule: string | null | undefined): never {
  const pgError = pgErrorOf(error);
  if (pgError?.code === pgCodes.uniqueViolation && pgError.constraint === 'customers_matricule_key') {
    throw new AppError('customer.matricule_taken', 'Another customer already has this matricule', {
      matricule,
    });
  }
  throw error;
}

export async function createCustomer(ctx: Ctx, input: CustomerCreate): Promise<Customer> {
  const id = newId();
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      const [customer] = await tx
        .insert(customers)
        .values({ ...input, id, created_at: now, updated_at: now })
        .returning(customerColumns);
      await recordChange(txCtx, {
        event: 'customer.created',
        entity: 'customer',
        entity_id: id,
        customer_id: id,
        changed_fields: Object.keys(input),
        activity: {
          activity_type: 'system',
          title: 'Client créé',
          reference_table: 'customers',
        },
      });
      return customer!;
    });
  } catch (error) {
    translateWriteError(error, input.matricule);
  }
}

/** PATCH of the customer or of its profile: one transaction with its timeline and audit entries. */
export async function updateCustomer(
  ctx: Ctx,
  id: string,
  patch: CustomerPatch,
  options: { event?: 'customer.updated' | 'customer.profile_updated' } = {},
): Promise<Customer> {
  const event = options.event ?? 'customer.updated';
  try {
    return await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      const before = await getCustomerOrThrow(txCtx, id, { forUpdate: true, writable: true });
      const issues = customerIdentityIssues({ ...before, ...patch });
      if (issues.length) throw invalidFields(issues);
      const fields = changedFields(before, patch);
      if (!fields.length) return before;
      const [customer] = await tx
        .update(customers)
        .set({ ...patch, updated_at: ctx.clock.now() })
        .where(eq(customers.id, id))
        .returning(customerColumns);
      await recordChange(txCtx, {
        event: event,
        entity: 'customer',
        entity_id: id,
        customer_id: id,
        changed_fields: fields,
        activity: {
          activity_type: 'system',
          title: event === 'customer.profile_updated' ? 'Profil modifié' : 'Fiche client modifiée',
          reference_table: 'customers',
          metadata: { fields },
        },
      });
      return customer!;
    });
  } catch (error) {
    translateWriteError(error, patch.matricule);
  }
}

/** DELETE archives (the customer and its history stay, out of lists by default); restore undoes it. */
export function archiveCustomer(ctx: Ctx, id: string): Promise<Customer> {
  return setArchived(ctx, id, true);
}

export function restoreCustomer(ctx: Ctx, id: string): Promise<Customer> {
  return setArchived(ctx, id, false);
}

async function setArchived(ctx: Ctx, id: string, archive: boolean): Promise<Customer> {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const before = await getCustomerOrThrow(txCtx, id, { forUpdate: true, writable: !archive });
    if (Boolean(before.archived_at) === archive) return before;
    const [customer] = await tx
      .update(customers)
      .set({ archived_at: archive ? ctx.clock.now() : null, updated_at: ctx.clock.now() })
      .where(eq(customers.id, id))
      .returning(customerColumns);
    await recordChange(txCtx, {
      event: archive ? 'customer.archived' : 'customer.restored',
      entity: 'customer',
      entity_id: id,
      customer_id: id,
      changed_fields: ['archived_at'],
      activity: {
        activity_type: 'system',
        title: archive ? 'Client archivé' : 'Client restauré',
        reference_table: 'customers',
      },
    });
    return customer!;
  });
}

interface ListCursor {
  value: string;
  id: string;
}

function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

function decodeListCursor(raw: string): ListCursor {
  try {
    const [value, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof value === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id))
      return { value, id };
  } catch {
    // fall through
  }
  throw invalidFields([{ path: 'cursor', message: 'Invalid cursor' }]);
}

/**
 * Lists customers the caller may see. With `q`, results are ranked by relevance and
 * paged by `page`; otherwise ordered by `sort`, paged by `page` or by keyset `cursor`.
 */
export async function findCustomers(ctx: Ctx, query: CustomerListQuery) {
  const filters: (SQL | undefined)[] = [visibleCustomers(ctx.actor)];
  if (query.segment) filters.push(sql`${customers.segments} @> array[${query.segment}]::text[]`);
  if (query.privacy_level) filters.push(eq(customers.privacy_level, query.privacy_level));
  if (query.kind) filters.push(eq(customers.kind, query.kind));
  if (query.archived === 'exclude') filters.push(isNull(customers.archived_at));
  if (query.archived === 'only') filters.push(isNotNull(customers.archived_at));
  const offset = (query.page - 1) * query.per_page;

  if (query.q) {
    const plan = planCustomerSearch(query.q);
    if (!plan || (ctx.actor.role === 'client' && !ctx.actor.customer_id))
      return {
        rows: [] as Customer[],
        pagination: paginate(0, query.page, query.per_page),
        next_cursor: null,
      };
    const params: SearchParams = {
      words: plan.words,
      typed: plan.words.join(' '),
      archived: query.archived ?? 'exclude',
      see_all: ctx.actor.role === 'admin' || ctx.actor.role === 'system',
      actor_id: ctx.actor.id,
      only_customer: ctx.actor.role === 'client' ? ctx.actor.customer_id : null,
      unfiltered: !query.segment && !query.privacy_level && !query.kind,
      segment: query.segment ?? null,
      privacy_level: query.privacy_level ?? null,
      kind: query.kind ?? null,
      offset,
      limit: query.per_page,
    };
    // A plain name query has one shape, planned once per connection; identifiers add branches.
    const rows = plan.identifiers.length
      ? await searchStatement(ctx.db, plan, values(params), and(...filters))
      : await nameSearchStatement(ctx.db).execute(params);
    const total = rows[0]?.total ?? (offset > 0 ? await countSearch(ctx, plan, params, and(...filters)) : 0);
    await auditConfidentialReads(ctx, rows, 'search');
    return {
      rows: rows.map(({ total: _total, ...row }) => row),
      pagination: paginate(total, query.page, query.per_page),
      next_cursor: null,
    };
  }

  const sort = query.sort ?? 'name';
  const byName = sort === 'name' || sort === '-name';
  const descending = sort.startsWith('-');
  const sortColumn = byName ? customers.sort_name : customers.created_at;
  const keyset: (SQL | undefined)[] = [];
  if (query.cursor) {
    const cursor = decodeListCursor(query.cursor);
    const value = byName ? cursor.value : new Date(cursor.value);
    const compare = descending ? lt : gt;
    keyset.push(or(compare(sortColumn, value), and(eq(sortColumn, value), compare(customers.id, cursor.id))));
  }
  const order = descending ? [desc(sortColumn), desc(customers.id)] : [asc(sortColumn), asc(customers.id)];
  const where = and(...filters);
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ ...customerColumns, sort_name: customers.sort_name })
      .from(customers)
      .where(and(where, ...keyset))
      .orderBy(...order)
      .limit(query.per_page)
      .offset(query.cursor ? 0 : offset),
    countUpTo(ctx, where, Math.max(listCountCap, offset + query.per_page)),
  ]);
  await auditConfidentialReads(ctx, rows, 'list');
  const last = rows.at(-1);
  const next_cursor =
    last && rows.length === query.per_page
      ? encodeListCursor({ value: byName ? last.sort_name : last.created_at.toISOString(), id: last.id })
      : null;
  return {
    rows: rows.map(({ sort_name: _sort, ...row }) => row),
    pagination: { ...paginate(total.count, query.page, query.per_page), total_is_exact: total.exact },
    next_cursor,
  };
}

/*
 * Counting every visible customer of a million takes PostgreSQL ~170 ms; the page itself
 * under 1 ms. Lists count up to this many and say when the total is a lower bound.
 */
const listCountCap = 10_000;

async function countUpTo(ctx: Ctx, where: SQL | undefined, cap: number) {
  const limited = ctx.db
    .select({ one: sql`1` })
    .from(customers)
    .where(where)
    .limit(cap + 1)
    .as('limited');
  const [row] = await ctx.db.select({ count: sql<number>`count(*)::int` }).from(limited);
  const count = row?.count ?? 0;
  return { count: Math.min(count, cap), exact: count <= cap };
}

/** The hits of a search, when the page asked for is past them. */
async function countSearch(ctx: Ctx, plan: SearchPlan, params: SearchParams, where: SQL | undefined) {
  const [first] = await searchStatement(ctx.db, plan, values({ ...params, offset: 0, limit: 1 }), where);
  return first?.total ?? 0;
}

function searchStatement(db: Db, plan: SearchPlan, param: Param, where: SQL | undefined) {
  return db
    .select({ ...customerColumns, total: sql<number>`page.total`.mapWith(Number) })
    .from(customers)
    .innerJoin(sql`${searchPage(plan, param, where)} page`, sql`page.customer_id = ${customers.id}`)
    .orderBy(sql`page.n`);
}

const nameSearchStatement = preparedStatement((db) =>
  searchStatement(db, { words: [], names: true, identifiers: [] }, placeholders(), undefined).prepare(
    'customer_search',
  ),
);
