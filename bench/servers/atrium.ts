import { buildApp } from '../../server/src/app.ts';
import { openDatabase } from '../../server/src/core/db.ts';
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
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
process.on('disconnect', () => {
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
