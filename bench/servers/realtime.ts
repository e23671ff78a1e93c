import { buildApp } from '../../server/src/app.ts';
import { systemClock } from '../../server/src/core/clock.ts';
import { openDatabase } from '../../server/src/core/db.ts';
import { createEventDispatcher, type EventDispatcher } from '../../server/src/core/events.ts';
import { eventHandlers } from '../../server/src/jobs.ts';
import { createAuth } from '../../server/src/modules/auth/index.ts';

/**
 * One Atrium instance for the real-time bench (bench/realtime.ts): the real app with its
 * LISTEN hub, in its own process, as `atrium start` runs it. On request it reports its memory
 * and sockets, and starts an event dispatcher (as `npm start` does with its jobs).
 */
const url = process.env.BENCH_DATABASE_URL!;
const database = openDatabase(url, { max: Number(process.env.BENCH_POOL_SIZE ?? 8) });
const auth = createAuth(database.db, {
  ATRIUM_BASE_URL: 'http://127.0.0.1',
  ATRIUM_SECRET: process.env.BENCH_SECRET!,
});
const app = await buildApp({ db: database.db, auth, logLevel: 'warn', realtime: { databaseUrl: url } });
let dispatcher: EventDispatcher | undefined;

process.on('message', (message: string) => {
  if (message === 'stats') {
    process.send?.({ type: 'stats', rss: process.memoryUsage().rss, hub: app.notificationHub.stats() });
  } else if (message === 'dispatch:start') {
    dispatcher = createEventDispatcher({
      db: database.db,
      clock: systemClock,
      handlers: eventHandlers,
      pollMs: 20,
    });
    dispatcher.start();
    process.send?.({ type: 'dispatch:started' });
  }
});

await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
const address = app.server.address();
process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
process.on('disconnect', () => {
  void Promise.all([app.close(), dispatcher?.stop()])
    .then(() => database.close())
    .finally(() => process.exit(0));
});
