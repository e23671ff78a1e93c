import { and, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { localTimeToInstant } from './business-hours.ts';
import { supportBusinessHours } from './sla-targets.service.ts';
import type { TicketStats, TicketStatsQuery } from './tickets.schemas.ts';
import { support_tickets, ticketCategories, ticketPriorities, ticketStatuses } from './tickets.tables.ts';

/** A period longer than this has no per-day series (its totals still count). */
const maxSeriesDays = 366;
const defaultPeriodDays = 30;

const dayMs = 86_400_000;

function parseDate(date: string) {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * Tickets opened in the period (days in the company's time zone, `to` included; by default the
 * last 30 days), as they stand now: counts, average first-response and resolution times
 * (wall clock), deadlines missed, and opened/resolved per day.
 */
export async function getTicketStats(ctx: Ctx, query: TicketStatsQuery): Promise<TicketStats> {
  const now = ctx.clock.now();
  const timeZone = supportBusinessHours().time_zone;
  const to =
    query.to ?? (query.from && query.from > todayIn(timeZone, now) ? query.from : todayIn(timeZone, now));
  const from = query.from ?? addDays(to, -(defaultPeriodDays - 1));
  const start = new Date(localTimeToInstant(parseDate(from), 0, timeZone));
  const end = new Date(localTimeToInstant(parseDate(addDays(to, 1)), 0, timeZone));
  const t = support_tickets;
  const inPeriod = and(gte(t.created_at, start), lt(t.created_at, end));
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const firstResponseMissed = sql`(${t.first_response_due_at} is not null and coalesce(${t.first_response_at}, ${nowSql}) > ${t.first_response_due_at})`;
  const resolutionMissed = sql`(${t.resolution_due_at} is not null and coalesce(${t.resolved_at}, ${nowSql}) > ${t.resolution_due_at})`;

  const countWhere = (condition: SQL) => sql<number>`count(*) filter (where ${condition})::int`;
  const columns: Record<string, SQL> = {
    total: sql<number>`count(*)::int`,
    avg_first_response_seconds: sql`avg(extract(epoch from ${t.first_response_at} - ${t.created_at}))::float8`,
    avg_resolution_seconds: sql`avg(extract(epoch from ${t.resolved_at} - ${t.created_at}))::float8`,
    sla_breached: countWhere(sql`${firstResponseMissed} or ${resolutionMissed}`),
    sla_breached_first_response: countWhere(firstResponseMissed),
    sla_breached_resolution: countWhere(resolutionMissed),
  };
  for (const status of ticketStatuses) columns[`status:${status}`] = countWhere(sql`${t.status} = ${status}`);
  for (const category of ticketCategories) {
    columns[`category:${category}`] = countWhere(sql`${t.category} = ${category}`);
  }
  for (const priority of ticketPriorities) {
    columns[`priority:${priority}`] = countWhere(sql`${t.priority} = ${priority}`);
  }
  const [row] = (await ctx.db.select(columns).from(t).where(inPeriod)) as Record<string, number | null>[];
  const value = (key: string) => Number(row?.[key] ?? 0);
  const average = (key: string) => {
    const raw = row?.[key];
    return raw === null || raw === undefined ? null : Math.round(Number(raw));
  };

  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs) + 1;
  let byDay: TicketStats['by_day'] = [];
  if (days <= maxSeriesDays) {
    const local = (column: SQL) => sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD')`;
    const [opened, resolved] = await Promise.all([
      ctx.db
        .select({ date: sql<string>`${local(sql`${t.created_at}`)}`, total: sql<number>`count(*)::int` })
        .from(t)
        .where(inPeriod)
        .groupBy(sql`1`),
      ctx.db
        .select({ date: sql<string>`${local(sql`${t.resolved_at}`)}`, total: sql<number>`count(*)::int` })
        .from(t)
        .where(and(gte(t.resolved_at, start), lt(t.resolved_at, end)))
        .groupBy(sql`1`),
    ]);
    const openedBy = new Map(opened.map((entry) => [entry.date, Number(entry.total)]));
    const resolvedBy = new Map(resolved.map((entry) => [entry.date, Number(entry.total)]));
    byDay = Array.from({ length: days }, (_, index) => {
      const date = addDays(from, index);
      return { date, opened: openedBy.get(date) ?? 0, resolved: resolvedBy.get(date) ?? 0 };
    });
  }

  return {
    from,
    to,
    total: value('total'),
    by_status: Object.fromEntries(
      ticketStatuses.map((key) => [key, value(`status:${key}`)]),
    ) as TicketStats['by_status'],
    by_category: Object.fromEntries(
      ticketCategories.map((key) => [key, value(`category:${key}`)]),
    ) as TicketStats['by_category'],
    by_priority: Object.fromEntries(
      ticketPriorities.map((key) => [key, value(`priority:${key}`)]),
    ) as TicketStats['by_priority'],
    avg_first_response_seconds: average('avg_first_response_seconds'),
    avg_resolution_seconds: average('avg_resolution_seconds'),
    sla_breached: value('sla_breached'),
    sla_breached_first_response: value('sla_breached_first_response'),
    sla_breached_resolution: value('sla_breached_resolution'),
    by_day: byDay,
  };
}
