import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Clock } from './clock.ts';
import { type Ctx, systemActor } from './context.ts';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';
import { domain_events, type EventStatus, event_handler_runs } from './events.tables.ts';
import { newId } from './ids.ts';

export type DomainEvent = typeof domain_events.$inferSelect;

export interface NewDomainEvent {
  type: string;
  customer_id: string | null;
  entity: string;
  entity_id: string | null;
  payload: Record<string, unknown>;
}

/**
 * Writes the event to the outbox in the caller's transaction. The events of one customer
 * must reach handlers in commit order, so writers of one customer take turns from here to
 * their commit (a transaction-level advisory lock, taken before `seq` is drawn): a later
 * number can then never commit before an earlier one of the same customer.
 */
export async function appendDomainEvent(ctx: Ctx, event: NewDomainEvent): Promise<void> {
  const row = sql`${newId()}::uuid, ${event.type}, ${event.customer_id}::uuid, ${event.entity}, ${event.entity_id}::uuid,
    ${JSON.stringify(event.payload)}::jsonb, ${ctx.actor.type}, ${ctx.actor.id}::uuid, ${ctx.clock.now().toISOString()}::timestamptz`;
  const columns = sql`(id, type, customer_id, entity, entity_id, payload, actor_type, actor_id, created_at)`;
  await ctx.db.execute(
    event.customer_id === null
      ? sql`insert into domain_events ${columns} values (${row})`
      : sql`with turn as (select pg_advisory_xact_lock(${customerLockKey}, hashtext(${event.customer_id})))
            insert into domain_events ${columns} select ${row} from turn`,
  );
}

/**
 * Several events in one statement (a batch job's page): the customers' turns are taken first,
 * in one fixed order (so two batches never wait on each other in a circle), then `seq` is
 * drawn for all of them in the order given.
 */
export async function appendDomainEvents(ctx: Ctx, events: readonly NewDomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const customerIds = [...new Set(events.flatMap((event) => (event.customer_id ? [event.customer_id] : [])))];
  if (customerIds.length) {
    await ctx.db.execute(
      sql`select count(pg_advisory_xact_lock(${customerLockKey}, h)) from (select distinct hashtext(c) as h from unnest(${`{${customerIds.join(',')}}`}::text[]) c order by 1) t`,
    );
  }
  const at = ctx.clock.now().toISOString();
  const rows = events.map(
    (event) =>
      sql`(${newId()}::uuid, ${event.type}, ${event.customer_id}::uuid, ${event.entity}, ${event.entity_id}::uuid, ${JSON.stringify(event.payload)}::jsonb, ${ctx.actor.type}, ${ctx.actor.id}::uuid, ${at}::timestamptz)`,
  );
  await ctx.db.execute(
    sql`insert into domain_events (id, type, customer_id, entity, entity_id, payload, actor_type, actor_id, created_at) values ${sql.join(rows, sql`, `)}`,
  );
}

// The advisory lock space of a customer's event writers (any constant, the same everywhere).
const customerLockKey = 724_202;

/** A module's reaction to one event type, run after the change committed. */
export interface EventHandler {
  type: string;
  /** Stable and unique: the key under which a completed run is remembered. */
  name: string;
  /** Runs in its own transaction (`ctx.db`); its writes commit with the record that it ran. */
  handle(ctx: Ctx, event: DomainEvent): Promise<void>;
}

export function onEvent(type: string, name: string, handle: EventHandler['handle']): EventHandler {
  return { type, name, handle };
}

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  handlers: EventHandler[];
  /** Events claimed per round. */
  batchSize?: number;
  /** After this many failed attempts an event is dead-lettered (status `failed`). */
  maxAttempts?: number;
  /** How long a claim holds before another dispatcher may take the event over. */
  leaseMs?: number;
  /** Wait before the attempt after `attempts` failures. */
  retryDelayMs?: (attempts: number) => number;
  /** Idle wait between polls. */
  pollMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface EventDispatcher {
  /** Claims and handles one batch; resolves to the number of events claimed. */
  runOnce(): Promise<number>;
  /** Polls until `stop()`; the batch in hand is finished first. */
  start(): void;
  stop(): Promise<void>;
}

type Instant = Date | string;
type RawEvent = Omit<DomainEvent, 'created_at' | 'next_attempt_at' | 'locked_until' | 'processed_at'> & {
  created_at: Instant;
  next_attempt_at: Instant | null;
  locked_until: Instant | null;
  processed_at: Instant | null;
};

/** Drizzle's driver hands the instants of raw SQL over as PostgreSQL's text. */
function eventOfRow(row: RawEvent): DomainEvent {
  const instant = (value: Instant | null) => (value === null ? null : new Date(value));
  return {
    ...row,
    created_at: new Date(row.created_at),
    next_attempt_at: instant(row.next_attempt_at),
    locked_until: instant(row.locked_until),
    processed_at: instant(row.processed_at),
  };
}

const defaultRetryDelay = (attempts: number) => Math.min(1000 * 2 ** attempts, 60 * 60 * 1000);

/**
 * Hands committed events to their handlers: at least once, in commit order per customer,
 * with retries and a dead-letter state. Several dispatchers (processes) may run at once:
 * a claim is an update of `locked_until` under FOR UPDATE SKIP LOCKED, and an event waits
 * while an earlier event of its customer is still pending (claimed by anyone, or waiting
 * for a retry). A handler's completion is a row in `event_handler_runs` written in the
 * handler's own transaction, so a dispatcher that dies mid-batch loses nothing: the lease
 * runs out, another takes the event, and handlers that already completed are skipped.
 * ADR 8 says why this and not pg-boss.
 */
export function createEventDispatcher(options: DispatcherOptions): EventDispatcher {
  const { db, clock, handlers } = options;
  const batchSize = options.batchSize ?? 50;
  const maxAttempts = options.maxAttempts ?? 10;
  const leaseMs = options.leaseMs ?? 5 * 60 * 1000;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const pollMs = options.pollMs ?? 500;
  const log = options.log ?? ((message, error) => console.error(message, error));
  const handlersByType = new Map<string, EventHandler[]>();
  for (const handler of handlers) {
    handlersByType.set(handler.type, [...(handlersByType.get(handler.type) ?? []), handler]);
  }
  const names = handlers.map((handler) => handler.name);
  if (new Set(names).size !== names.length)
    throw new Error(`event handler names repeat: ${names.join(', ')}`);

  async function claim(): Promise<DomainEvent[]> {
    const now = clock.now();
    const until = new Date(now.getTime() + leaseMs);
    // Raw rows: their columns are the event's fields (snake_case); instants come as text.
    const { rows } = await db.execute<RawEvent>(sql`
      update domain_events set locked_until = ${until.toISOString()}::timestamptz
      where id in (
        select candidate.id from domain_events candidate
        where candidate.status = 'pending'
          and (candidate.next_attempt_at is null or candidate.next_attempt_at <= ${now.toISOString()}::timestamptz)
          and (candidate.locked_until is null or candidate.locked_until <= ${now.toISOString()}::timestamptz)
          and not exists (
            select 1 from domain_events earlier
            where earlier.customer_id = candidate.customer_id and earlier.status = 'pending' and earlier.seq < candidate.seq)
        order by candidate.seq
        limit ${batchSize}
        for update skip locked)
      returning *`);
    return rows.map(eventOfRow).sort((a, b) => a.seq - b.seq);
  }

  async function runHandler(handler: EventHandler, event: DomainEvent): Promise<void> {
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(event_handler_runs)
        .values({ event_id: event.id, handler: handler.name, processed_at: clock.now() })
        .onConflictDoNothing()
        .returning({ event_id: event_handler_runs.event_id });
      if (!claimed) return;
      await handler.handle({ db: tx, actor: systemActor, clock }, event);
    });
  }

  async function handle(event: DomainEvent): Promise<void> {
    for (const handler of handlersByType.get(event.type) ?? []) {
      try {
        await runHandler(handler, event);
      } catch (error) {
        const attempts = event.attempts + 1;
        const failed = attempts >= maxAttempts;
        log(`event ${event.type} ${event.id}: handler ${handler.name} failed (attempt ${attempts})`, error);
        await db
          .update(domain_events)
          .set({
            attempts,
            status: failed ? 'failed' : 'pending',
            next_attempt_at: failed ? null : new Date(clock.now().getTime() + retryDelay(attempts)),
            locked_until: null,
            last_error: `${handler.name}: ${error instanceof Error ? error.message : String(error)}`.slice(
              0,
              2000,
            ),
          })
          .where(eq(domain_events.id, event.id));
        return;
      }
    }
    await db
      .update(domain_events)
      .set({ status: 'done', processed_at: clock.now(), locked_until: null })
      .where(eq(domain_events.id, event.id));
  }

  async function runOnce(): Promise<number> {
    const events = await claim();
    for (const event of events) await handle(event);
    return events.length;
  }

  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;

  async function loop() {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await runOnce();
      } catch (error) {
        log('event dispatcher round failed', error);
      }
      if (claimed === 0 && !stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  }

  return {
    runOnce,
    start() {
      stopping = false;
      running ??= loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
    },
  };
}

/**
 * Handled events leave the outbox after `days`: the timeline and the audit log keep the
 * facts. Failed and pending ones stay until someone looks at them.
 */
export async function pruneHandledEvents(ctx: Ctx, days = 30): Promise<{ pruned: number }> {
  const before = new Date(ctx.clock.now().getTime() - days * 24 * 60 * 60 * 1000);
  const { rowCount } = await ctx.db.execute(
    sql`delete from domain_events where status = 'done' and created_at < ${before.toISOString()}::timestamptz`,
  );
  return { pruned: rowCount ?? 0 };
}

export async function findEvents(
  ctx: Ctx,
  filter: { status?: EventStatus; type?: string; customer_id?: string; page: number; per_page: number },
) {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(domain_events.status, filter.status));
  if (filter.type) conditions.push(eq(domain_events.type, filter.type));
  if (filter.customer_id) conditions.push(eq(domain_events.customer_id, filter.customer_id));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(domain_events)
      .where(where)
      .orderBy(desc(domain_events.seq))
      .limit(filter.per_page)
      .offset((filter.page - 1) * filter.per_page),
    ctx.db.$count(domain_events, where),
  ]);
  return { rows, total };
}

/** A dead-lettered event goes back to the queue with its attempts reset (handlers that completed stay done). */
export async function retryEvent(ctx: Ctx, id: string): Promise<DomainEvent> {
  const [event] = await ctx.db
    .update(domain_events)
    .set({ status: 'pending', attempts: 0, next_attempt_at: null, locked_until: null })
    .where(and(eq(domain_events.id, id), eq(domain_events.status, 'failed')))
    .returning();
  if (event) return event;
  const [existing] = await ctx.db
    .select({ status: domain_events.status })
    .from(domain_events)
    .where(eq(domain_events.id, id));
  if (!existing) throw new AppError('event.not_found', 'No such event', { event_id: id });
  throw new AppError(
    'event.not_failed',
    `Only a failed event can be retried; this one is ${existing.status}`,
    {
      event_id: id,
    },
  );
}
