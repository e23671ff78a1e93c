import path from 'node:path';
import { buildApp } from '../../server/src/app.ts';
import { systemClock } from '../../server/src/core/clock.ts';
import { openDatabase } from '../../server/src/core/db.ts';
import { createEventDispatcher } from '../../server/src/core/events.ts';
import { LocalDiskStorage } from '../../server/src/core/storage.ts';
import { eventHandlers } from '../../server/src/jobs.ts';
import { createAuth } from '../../server/src/modules/auth/index.ts';
import {
  loadSigningCertificate,
  once,
  type SignatureSettings,
  signatureEventHandlers,
} from '../../server/src/modules/signatures/index.ts';
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
// The documents and signatures bench (bench/signatures.ts) gives the server a directory of its own.
const filesDir = process.env.BENCH_FILES_DIR;
const signatures: SignatureSettings | undefined = filesDir
  ? {
      documents: {
        storage: new LocalDiskStorage(path.join(filesDir, 'files')),
        maxUploadSize: 50 * 1024 * 1024,
        retentionDays: 2190,
        cacheDir: path.join(filesDir, 'cache'),
      },
      certificate: once(() => loadSigningCertificate({ dataDir: filesDir })),
      base_url: 'http://127.0.0.1',
      secret: 'bench-secret-bench-secret-bench-secret-0123456789',
      providers: {},
    }
  : undefined;
const app = await buildApp({
  db: database.db,
  auth,
  logLevel: 'warn',
  ...(signatures ? { documents: signatures.documents, signatures } : {}),
});
// As under `npm start`: the outbox is drained while requests run (its cost is in the figures),
// on connections of its own so that the SQL check records only what requests send.
const dispatcherDatabase = openDatabase(url, { max: 2 });
const dispatcher = createEventDispatcher({
  db: dispatcherDatabase.db,
  clock: systemClock,
  handlers: signatures ? [...eventHandlers, ...signatureEventHandlers(signatures)] : eventHandlers,
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
