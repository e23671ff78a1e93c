import { and, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { type Db, preparedStatement } from '../../core/db.ts';
import { newId } from '../../core/ids.ts';
import { encodeCursor, paginate } from '../../core/schemas.ts';
import type { ActivityType, TimelineQuery } from './timeline.schemas.ts';
import { customer_activity, customer_activity_counts } from './timeline.tables.ts';

export interface ActivityInput {
  /** Given when the change refers to its own timeline entry (a note); otherwise a new one. */
  id?: string;
  customer_id: string;
  activity_type: ActivityType;
  title: string;
  description?: string | null;
  reference_id?: string | null;
  reference_table?: string | null;
  metadata?: Record<string, unknown>;
}

function actorTypeOf(ctx: Ctx): 'user' | 'system' | 'customer' | 'api_key' {
  if (ctx.actor.type === 'user') return ctx.actor.role === 'client' ? 'customer' : 'user';
  return ctx.actor.type;
}

/**
 * Appends one entry to a customer's timeline, inside the caller's transaction. Services do
 * not call it: they record a change (changes/recordChange), which calls it.
 */
export async function appendActivity(ctx: Ctx, input: ActivityInput) {
  const [activity] = await ctx.db
    .insert(customer_activity)
    .values({
      id: input.id ?? newId(),
      customer_id: input.customer_id,
      activity_type: input.activity_type,
      title: input.title,
      description: input.description ?? null,
      reference_id: input.reference_id ?? null,
      reference_table: input.reference_table ?? null,
      metadata: input.metadata ?? {},
      actor_id: ctx.actor.id,
      actor_type: actorTypeOf(ctx),
      created_at: ctx.clock.now(),
    })
    .returning();
  await ctx.db
    .insert(customer_activity_counts)
    .values({ customer_id: input.customer_id, activity_type: input.activity_type, total: 1 })
    .onConflictDoUpdate({
      target: [customer_activity_counts.customer_id, customer_activity_counts.activity_type],
      set: { total: sql`${customer_activity_counts.total} + 1` },
    });
  return activity!;
}

/** Several entries in one statement, and each customer's running count once (a batch job's page). */
export async function appendActivities(ctx: Ctx, inputs: readonly ActivityInput[]) {
  if (inputs.length === 0) return [];
  const at = ctx.clock.now();
  const rows = await ctx.db
    .insert(customer_activity)
    .values(
      inputs.map((input) => ({
        id: input.id ?? newId(),
        customer_id: input.customer_id,
        activity_type: input.activity_type,
        title: input.title,
        description: input.description ?? null,
        reference_id: input.reference_id ?? null,
        reference_table: input.reference_table ?? null,
        metadata: input.metadata ?? {},
        actor_id: ctx.actor.id,
        actor_type: actorTypeOf(ctx),
        created_at: at,
      })),
    )
    .returning();
  const counts = new Map<string, { customer_id: string; activity_type: string; total: number }>();
  for (const input of inputs) {
    const key = `${input.customer_id}|${input.activity_type}`;
    const current = counts.get(key);
    if (current) current.total += 1;
    else counts.set(key, { customer_id: input.customer_id, activity_type: input.activity_type, total: 1 });
  }
  // In one order (customer, type), so two batches never wait on each other in a circle.
  const sorted = [...counts.values()].sort((a, b) =>
    a.customer_id === b.customer_id
      ? a.activity_type.localeCompare(b.activity_type)
      : a.customer_id.localeCompare(b.customer_id),
  );
  await ctx.db
    .insert(customer_activity_counts)
    .values(sorted)
    .onConflictDoUpdate({
      target: [customer_activity_counts.customer_id, customer_activity_counts.activity_type],
      set: { total: sql`${customer_activity_counts.total} + excluded.total` },
    });
  return rows;
}

async function countActivities(ctx: Ctx, customerId: string, query: TimelineQuery, where: SQL | undefined) {
  if (query.from || query.to) return ctx.db.$count(customer_activity, where);
  const [row] = await ctx.db
    .select({ total: sql<number>`coalesce(sum(${customer_activity_counts.total}), 0)::int` })
    .from(customer_activity_counts)
    .where(
      and(
        eq(customer_activity_counts.customer_id, customerId),
        query.type?.length ? inArray(customer_activity_counts.activity_type, query.type) : undefined,
      ),
    );
  return row?.total ?? 0;
}

/*
 * The reads behind almost every timeline request (no filter; first page or next page by
 * cursor, and the total) are prepared once per database handle: Drizzle builds their SQL
 * once, and PostgreSQL parses and plans each named statement once per connection instead
 * of on every request, which halves its work for these short queries.
 */
function prepareTimelineReads(db: Db) {
  const customerId = sql.placeholder('customer_id');
  const perPage = sql.placeholder('per_page');
  const newestFirst = [desc(customer_activity.created_at), desc(customer_activity.id)];
  return {
    firstPage: db
      .select()
      .from(customer_activity)
      .where(eq(customer_activity.customer_id, customerId))
      .orderBy(...newestFirst)
      .limit(perPage)
      .prepare('timeline_first_page'),
    nextPage: db
      .select()
      .from(customer_activity)
      .where(
        and(
          eq(customer_activity.customer_id, customerId),
          sql`(${customer_activity.created_at}, ${customer_activity.id}) < (${sql.placeholder('cursor_at')}::timestamptz, ${sql.placeholder('cursor_id')}::uuid)`,
        ),
      )
      .orderBy(...newestFirst)
      .limit(perPage)
      .prepare('timeline_next_page'),
    total: db
      .select({ total: sql<number>`coalesce(sum(${customer_activity_counts.total}), 0)::int` })
      .from(customer_activity_counts)
      .where(eq(customer_activity_counts.customer_id, customerId))
      .prepare('timeline_total'),
  };
}

const timelineReads = preparedStatement(prepareTimelineReads);

/** Newest first; `cursor` continues after the last entry seen (keyset), `page` for shallow paging. */
export async function findActivities(ctx: Ctx, customerId: string, query: TimelineQuery) {
  const unfiltered = !query.type?.length && !query.from && !query.to;
  if (unfiltered && (query.cursor || query.page === 1)) {
    const reads = timelineReads(ctx.db);
    const [rows, [count]] = await Promise.all([
      query.cursor
        ? reads.nextPage.execute({
            customer_id: customerId,
            cursor_at: query.cursor.created_at.toISOString(),
            cursor_id: query.cursor.id,
            per_page: query.per_page,
          })
        : reads.firstPage.execute({ customer_id: customerId, per_page: query.per_page }),
      reads.total.execute({ customer_id: customerId }),
    ]);
    return timelinePage(rows, count?.total ?? 0, query);
  }
  const filters = and(
    eq(customer_activity.customer_id, customerId),
    query.type?.length ? inArray(customer_activity.activity_type, query.type) : undefined,
    query.from ? gte(customer_activity.created_at, query.from) : undefined,
    query.to ? lte(customer_activity.created_at, query.to) : undefined,
  );
  const keyset = query.cursor
    ? sql`(${customer_activity.created_at}, ${customer_activity.id}) < (${query.cursor.created_at.toISOString()}::timestamptz, ${query.cursor.id}::uuid)`
    : undefined;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(customer_activity)
      .where(and(filters, keyset))
      .orderBy(desc(customer_activity.created_at), desc(customer_activity.id))
      .limit(query.per_page)
      .offset(query.cursor ? 0 : (query.page - 1) * query.per_page),
    countActivities(ctx, customerId, query, filters),
  ]);
  return timelinePage(rows, total, query);
}

function timelinePage(rows: (typeof customer_activity.$inferSelect)[], total: number, query: TimelineQuery) {
  const last = rows.at(-1);
  return {
    rows,
    pagination: paginate(total, query.page, query.per_page),
    next_cursor: last && rows.length === query.per_page ? encodeCursor(last.created_at, last.id) : null,
  };
}

/**
 * Every entry of a customer's timeline, oldest first, a page at a time: a history may hold
 * hundreds of thousands of entries, and an export should not hold them all at once. Each
 * page starts after the last entry of the one before, compared in the database at full
 * precision.
 */
export async function* exportActivityPages(ctx: Ctx, customerId: string, pageSize = 2000) {
  let lastId: string | undefined;
  for (;;) {
    const page = await ctx.db
      .select()
      .from(customer_activity)
      .where(
        and(
          eq(customer_activity.customer_id, customerId),
          lastId === undefined
            ? undefined
            : sql`(${customer_activity.created_at}, ${customer_activity.id}) > (select last.created_at, last.id from ${customer_activity} last where last.id = ${lastId})`,
        ),
      )
      .orderBy(customer_activity.created_at, customer_activity.id)
      .limit(pageSize);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    lastId = page[page.length - 1]!.id;
  }
}

/**
 * Free text written by people may name anyone, and titles of contact, address and vehicle
 * entries name people, streets and plates: on anonymization they become generic, the
 * entries themselves (type, event, date, author) stay.
 */
export async function scrubActivities(ctx: Ctx, customerId: string) {
  await ctx.db
    .update(customer_activity)
    .set({
      title: sql`case ${customer_activity.activity_type}
        when 'contact' then 'Contact (anonymisé)'
        when 'address' then 'Adresse (anonymisée)'
        when 'vehicle' then 'Véhicule (anonymisé)'
        when 'vehicle_added' then 'Véhicule (anonymisé)'
        else '[anonymisé]' end`,
      description: null,
    })
    .where(
      and(
        eq(customer_activity.customer_id, customerId),
        inArray(customer_activity.activity_type, [
          'note',
          'call',
          'email',
          'sms',
          'appointment',
          'contact',
          'address',
          'vehicle',
          'vehicle_added',
        ]),
      ),
    );
  await ctx.db
    .update(customer_activity)
    .set({ description: null })
    .where(eq(customer_activity.customer_id, customerId));
}

/** The latest activities as a JSON array, for read models that compose one query. */
export function latestActivitiesJsonSql(customerId: SQL, limit: number) {
  return sql`(select coalesce(json_agg(latest order by latest.created_at desc, latest.id desc), '[]'::json) from (
      select id, customer_id, activity_type, reference_id, reference_table, title, description, metadata, actor_id, actor_type, created_at
      from customer_activity where customer_id = ${customerId}
      order by created_at desc, id desc limit ${limit}) latest)`;
}

/** How many entries a customer's timeline holds, from the running totals. */
export function activityCountSql(customerId: SQL) {
  return sql`(select coalesce(sum(total), 0) from customer_activity_counts where customer_id = ${customerId})`;
}

/**
 * How many entries each of the last `months` calendar months holds, months counted in the
 * viewer's time zone; months without activity are included with 0 (for a chart).
 */
export async function countActivitiesPerMonth(
  ctx: Ctx,
  customerId: string,
  months: number,
  timeZone: string,
) {
  const now = ctx.clock.now().toISOString();
  const { rows } = await ctx.db.execute<{ month: string; total: number }>(sql`
    with bounds as (
      select (date_trunc('month', ${now}::timestamptz at time zone ${timeZone}) - make_interval(months => ${months - 1})) as first_month
    ),
    series as (
      select to_char(first_month + make_interval(months => n), 'YYYY-MM') as month from bounds, generate_series(0, ${months - 1}) n
    ),
    counted as (
      select to_char(date_trunc('month', a.created_at at time zone ${timeZone}), 'YYYY-MM') as month, count(*)::int as total
      from customer_activity a, bounds
      where a.customer_id = ${customerId} and a.created_at >= (bounds.first_month at time zone ${timeZone})
      group by 1
    )
    select series.month, coalesce(counted.total, 0)::int as total from series left join counted using (month) order by series.month`);
  return rows;
}
