import { buildApp } from '../../server/src/app.ts';
import { systemClock } from '../../server/src/core/clock.ts';
import { openDatabase } from '../../server/src/core/db.ts';
import { createEventDispatcher } from '../../server/src/core/events.ts';
import { eventHandlers } from '../../server/src/jobs.ts';
import { createAuth } from '../../server/src/modules/auth/index.ts';
import { answerRecordRequests, recordQueries } from './recorder.ts';

/**
 * The real Atrium app, as `atrium start` builds it (API-key authentication, zod validation
 * and serialization, Drizzle), in its own process so it has a core to itself rather than
 * sharing an event loop with the load generator. Logging is at 'warn'.
 */
const url = process.env.BENCH_DATABASE_URL!;
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 20);
const database = openDatabase(url, { max: poolSize });
answerRecordRequests(recordQueries(database.pool));
const auth = createAuth(database.db, {
  ATRIUM_BASE_URL: 'http://127.0.0.1',
  ATRIUM_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
});
const app = await buildApp({ db: database.db, auth, logLevel: 'warn' });
// As under `npm start`: the outbox is drained while requests run (its cost is in the figures),
// on connections of its own so that the SQL check records only what requests send.
const dispatcherDatabase = openDatabase(url, { max: 2 });
const dispatcher = createEventDispatcher({
  db: dispatcherDatabase.db,
  clock: systemClock,
  handlers: eventHandlers,
});
dispatcher.start();
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
process.on('disconnect', () => {
  void Promise.all([app.close(), dispatcher.stop()])
    .then(() => Promise.all([database.close(), dispatcherDatabase.close()]))
    .finally(() => process.exit(0));
});
