import Fastify from 'fastify';
import pg from 'pg';
import {
  customer360,
  customerById,
  customerFields,
  customerSearch,
  timelinePage,
  timelineTotal,
} from './bare-sql.ts';
import { answerRecordRequests, recordQueries } from './recorder.ts';

/**
 * The yardstick: Fastify and pg with nothing else — no authentication, no validation, no
 * ORM, default JSON serialization — sending the same SQL as Atrium for each endpoint and
 * answering the same JSON shape. Atrium's figures are read as ratios of these.
 */
const url = process.env.BENCH_DATABASE_URL!;
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 20);
const actorId = process.env.BENCH_ACTOR_ID!;

pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// Planned as Atrium's pool plans named statements, in the same time zone (core/db.ts).
const pool = new pg.Pool({
  connectionString: url,
  max: poolSize,
  application_name: 'atrium-bench-bare',
  options: '-c plan_cache_mode=force_generic_plan -c TimeZone=UTC',
});
pool.on('error', () => {});
answerRecordRequests(recordQueries(pool));

const app = Fastify({ logger: false, routerOptions: { maxParamLength: 200 } });

function pagination(total: number, page: number, perPage: number) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return { total, page, per_page: perPage, pages, has_next: page < pages, has_prev: page > 1 };
}

function notFound(reply: { code(status: number): { send(body: unknown): unknown } }) {
  return reply.code(404).send({ status: 404, code: 'customer.not_found' });
}

app.get<{ Querystring: { q?: string; per_page?: string } }>('/api/v1/customers', async (request) => {
  const perPage = Number(request.query.per_page ?? 20);
  const query = customerSearch(request.query.q ?? '', actorId, perPage);
  if (!query) return { data: [], pagination: pagination(0, 1, perPage), next_cursor: null };
  const { rows } = await pool.query(query);
  const total = rows[0]?.total ?? 0;
  for (const row of rows) delete row.total;
  return { data: rows, pagination: pagination(total, 1, perPage), next_cursor: null };
});

app.get<{ Params: { id: string } }>('/api/v1/customers/:id/360', async (request, reply) => {
  const query = customer360(request.params.id);
  const { rows } = await pool.query({ ...query, rowMode: 'array' });
  const row = rows[0] as unknown[] | undefined;
  if (!row || row[12] === 'confidentiel') return notFound(reply);
  const customer = Object.fromEntries(customerFields.map((field, index) => [field, row[index]]));
  const [contacts, addresses, vehicles, activities, awaiting, consents, latest] = row.slice(
    customerFields.length,
  );
  return {
    customer,
    counts: {
      contacts: Number(contacts),
      addresses: Number(addresses),
      vehicles: Number(vehicles),
      activities: Number(activities),
      awaiting_signature: Number(awaiting),
    },
    consents,
    latest_activities: latest,
  };
});

app.get<{ Params: { id: string }; Querystring: { per_page?: string; cursor?: string } }>(
  '/api/v1/customers/:id/timeline',
  async (request, reply) => {
    const { id } = request.params;
    const perPage = Number(request.query.per_page ?? 20);
    const customer = await pool.query(customerById(id));
    if (!customer.rows[0] || customer.rows[0].privacy_level === 'confidentiel') return notFound(reply);
    let cursor: { created_at: string; id: string } | undefined;
    if (request.query.cursor) {
      const [at, cursorId] = Buffer.from(request.query.cursor, 'base64url').toString('utf8').split('|');
      cursor = { created_at: new Date(at!).toISOString(), id: cursorId! };
    }
    const page = timelinePage(id, perPage, cursor);
    const total = timelineTotal(id);
    const [rows, count] = await Promise.all([pool.query(page), pool.query(total)]);
    const last = rows.rows.at(-1);
    return {
      data: rows.rows,
      pagination: pagination(count.rows[0].coalesce, 1, perPage),
      next_cursor:
        last && rows.rows.length === perPage
          ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString('base64url')
          : null,
    };
  },
);

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
process.on('disconnect', () => {
  void app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
