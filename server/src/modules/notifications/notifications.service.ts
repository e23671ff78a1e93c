import { and, asc, count, desc, eq, gt, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { type NotificationRow, notifications } from './notifications.tables.ts';

/** The channel every instance LISTENs on; the insert trigger and mark-read announce on it. */
export const notificationChannel = 'atrium_notifications';

// The advisory lock space of notification writers (any constant, the same everywhere).
const notificationLockKey = 724_203;

/** A notification as the API and the WebSocket show it. */
export interface NotificationView {
  id: number;
  type: string;
  /** The web's i18n key for the title; `params` fill it in. */
  title_key: string;
  params: Record<string, string | number | boolean | null>;
  link: string | null;
  entity: string;
  entity_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

export function titleKeyOf(type: string): string {
  return `notifications.types.${type.replaceAll('.', '_')}`;
}

export function notificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    type: row.type,
    title_key: titleKeyOf(row.type),
    params: row.params,
    link: row.link,
    entity: row.entity,
    entity_id: row.entity_id,
    created_at: row.created_at,
    read_at: row.read_at,
  };
}

/** Notifications are a person's: an API key (no user behind it) has none. */
export function recipientOf(actor: Actor): string | null {
  return actor.type === 'user' ? actor.id : null;
}

export interface NewNotification {
  type: string;
  params: NotificationRow['params'];
  link: string | null;
  entity: string;
  entity_id: string | null;
  customer_id: string | null;
  event_id: string;
}

/**
 * One row per recipient, in the caller's transaction. Writers take turns from the id draw
 * to their commit (a transaction-level lock), so each user's notifications commit in `id`
 * order and a client resuming after an id misses none (ADR 14). A redelivered event adds
 * nothing: (event_id, user_id) is unique.
 */
export async function storeNotifications(
  txCtx: Ctx,
  notification: NewNotification,
  userIds: readonly string[],
): Promise<number> {
  if (userIds.length === 0) return 0;
  await txCtx.db.execute(sql`select pg_advisory_xact_lock(${notificationLockKey})`);
  const now = txCtx.clock.now().toISOString();
  // One statement and one array parameter, however many recipients (10 000 advisors included).
  const recipients = `{${userIds.join(',')}}`;
  const { rowCount } = await txCtx.db.execute(sql`
    insert into notifications (user_id, type, params, link, entity, entity_id, customer_id, event_id, created_at)
    select recipient, ${notification.type}, ${JSON.stringify(notification.params)}::jsonb, ${notification.link},
           ${notification.entity}, ${notification.entity_id}::uuid, ${notification.customer_id}::uuid,
           ${notification.event_id}::uuid, ${now}::timestamptz
    from unnest(${recipients}::uuid[]) as recipient
    on conflict (event_id, user_id) do nothing`);
  return rowCount ?? 0;
}

function ownedBy(userId: string | null): SQL {
  return userId ? eq(notifications.user_id, userId) : sql`false`;
}

export async function findNotifications(
  ctx: Ctx,
  query: { unread?: boolean | undefined; page: number; per_page: number },
) {
  const owner = ownedBy(recipientOf(ctx.actor));
  const where = query.unread ? and(owner, isNull(notifications.read_at)) : owner;
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.id))
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db.select({ total: count() }).from(notifications).where(where),
  ]);
  return { rows: rows.map(notificationView), total: total?.total ?? 0 };
}

export async function countUnreadNotifications(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db
    .select({ total: count() })
    .from(notifications)
    .where(and(ownedBy(recipientOf(ctx.actor)), isNull(notifications.read_at)));
  return row?.total ?? 0;
}

/** Tells the user's other open tabs (on any instance) that these are read. */
async function announceRead(db: Db, userId: string, ids: number[] | 'all') {
  const message = JSON.stringify({ kind: 'read', user_id: userId, ids: ids === 'all' ? null : ids });
  await db.execute(sql`select pg_notify(${notificationChannel}, ${message})`);
}

// NOTIFY carries 8000 bytes at most: a signal to many users goes as several, this many ids each.
const signalBatch = 150;

/**
 * A live signal (not stored) to these users' open sockets, sent at the caller's commit: for
 * pages to refresh, never for the bell. Its data is ids and numbers only, like a notification's.
 */
export async function announceSignal(
  txCtx: Ctx,
  userIds: readonly string[],
  type: string,
  data: Record<string, string | number | boolean | null>,
) {
  for (let start = 0; start < userIds.length; start += signalBatch) {
    const message = JSON.stringify({
      kind: 'signal',
      user_ids: userIds.slice(start, start + signalBatch),
      type,
      data,
    });
    await txCtx.db.execute(sql`select pg_notify(${notificationChannel}, ${message})`);
  }
}

/** Marks one of the caller's notifications read (again: keeps the first time); 404 for anyone else's. */
export async function markNotificationRead(ctx: Ctx, id: number): Promise<NotificationView> {
  const userId = recipientOf(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(notifications)
      .set({
        read_at: sql`coalesce(${notifications.read_at}, ${ctx.clock.now().toISOString()}::timestamptz)`,
      })
      .where(and(eq(notifications.id, id), ownedBy(userId)))
      .returning();
    if (!updated || !userId) {
      throw new AppError('notification.not_found', 'No such notification', { notification_id: id });
    }
    await announceRead(tx, userId, [id]);
    return notificationView(updated);
  });
}

export async function markAllNotificationsRead(ctx: Ctx): Promise<{ updated: number }> {
  const userId = recipientOf(ctx.actor);
  if (!userId) return { updated: 0 };
  return ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(notifications)
      .set({ read_at: ctx.clock.now() })
      .where(and(eq(notifications.user_id, userId), isNull(notifications.read_at)))
      .returning({ id: notifications.id });
    if (updated.length > 0) await announceRead(tx, userId, 'all');
    return { updated: updated.length };
  });
}

/** A user's notifications after `afterId`, oldest first: what a reconnecting client missed. */
export async function findNotificationsAfter(db: Db, userId: string, afterId: number, limit: number) {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.user_id, userId), gt(notifications.id, afterId)))
    .orderBy(asc(notifications.id))
    .limit(limit);
  return rows.map(notificationView);
}

export async function latestNotificationId(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.user_id, userId))
    .orderBy(desc(notifications.id))
    .limit(1);
  return row?.id ?? 0;
}

export async function getNotificationById(db: Db, id: number) {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row ? { user_id: row.user_id, view: notificationView(row) } : undefined;
}

/** Read notifications leave after `days`; unread ones stay until read. */
export async function pruneReadNotifications(ctx: Ctx, days = 90): Promise<{ pruned: number }> {
  const before = new Date(ctx.clock.now().getTime() - days * 24 * 60 * 60 * 1000);
  const deleted = await ctx.db
    .delete(notifications)
    .where(lt(notifications.read_at, before))
    .returning({ id: notifications.id });
  return { pruned: deleted.length };
}
