import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../server/src/app.ts';
import { fixedClock, systemClock } from '../server/src/core/clock.ts';
import { type Ctx, systemActor } from '../server/src/core/context.ts';
import { type Database, openDatabase } from '../server/src/core/db.ts';
import {
  type EmbeddedPostgres,
  ensureDatabase,
  startEmbeddedPostgres,
} from '../server/src/core/embedded-postgres.ts';
import { runMigrations } from '../server/src/core/migrate.ts';
import { createAuth, createUser } from '../server/src/modules/auth/index.ts';
import { createContact } from '../server/src/modules/customers/contacts.service.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { createVehicle } from '../server/src/modules/customers/vehicles.service.ts';
import { loadSigningCertificate, once } from '../server/src/modules/signatures/index.ts';
import { appendActivity } from '../server/src/modules/timeline/index.ts';

/**
 * One real Atrium for the browser tests: a fresh embedded PostgreSQL in a temp dir,
 * migrated, with an admin and a few customers, serving the built UI (web/dist) and the API.
 */
let postgres: EmbeddedPostgres | undefined;
let database: Database | undefined;
let app: FastifyInstance | undefined;
let dataDir: string | undefined;

export const admin = { email: 'admin@atrium.test', password: 'e2e-password-0123456789', name: 'Alice Admin' };
export const staff = {
  email: 'bruno@atrium.test',
  password: 'e2e-password-9876543210',
  name: 'Bruno Gagnon',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function seed(ctx: Ctx) {
  await createUser(ctx, { ...admin, role: 'admin', locale: 'fr-CA' });
  await createUser(ctx, { ...staff, role: 'staff', locale: 'fr-CA' });
  const eric = await createCustomer(ctx, {
    kind: 'individual',
    first_name: 'Éric',
    last_name: 'Tremblé',
    email: 'eric.tremble@exemple.ca',
    phone: '+15145550123',
    matricule: 'QC-123-AB',
    segments: ['VIP', 'Flotte'],
    privacy_level: 'restreint',
  });
  await createCustomer(ctx, {
    kind: 'company',
    company_name: 'Garage Lavoie inc.',
    email: 'info@garagelavoie.ca',
    segments: ['Garage'],
  });
  await createCustomer(ctx, { kind: 'individual', first_name: 'Marie-Ève', last_name: 'Bouchard' });
  await createContact(ctx, eric.id, {
    first_name: 'Julie',
    last_name: 'Tremblé',
    email: 'julie.tremble@exemple.ca',
    role: 'Conjointe',
    is_primary: true,
  });
  await createVehicle(ctx, eric.id, {
    vin: '1HGCM82633A004352',
    plate: 'ABC123',
    make: 'Honda',
    model: 'Accord',
    year: 2003,
    mileage: 182_500,
  });
  // Some history over the past months, so that the chart has something to show.
  const now = new Date();
  for (const [monthsAgo, type, title] of [
    [5, 'call', 'Appel : rappel d’entretien'],
    [3, 'email', 'Envoi de la soumission'],
    [3, 'note', 'Préfère être joint le matin'],
    [1, 'appointment', 'Rendez-vous pneus d’hiver'],
  ] as const) {
    const at = new Date(now.getFullYear(), now.getMonth() - monthsAgo, 12, 10);
    await appendActivity(
      { ...ctx, clock: fixedClock(at) },
      { customer_id: eric.id, activity_type: type, title, metadata: { event: 'activity.logged' } },
    );
  }
  // Enough older entries that the timeline needs a second page (infinite scroll).
  for (let index = 0; index < 30; index++) {
    const at = new Date(now.getFullYear(), now.getMonth() - 6 - (index % 5), 1 + index, 9);
    await appendActivity(
      { ...ctx, clock: fixedClock(at) },
      {
        customer_id: eric.id,
        activity_type: index % 2 ? 'note' : 'call',
        title: `Suivi n° ${index + 1}`,
        metadata: { event: 'activity.logged' },
      },
    );
  }
  return eric;
}

export async function setup(project: TestProject) {
  // With DATABASE_URL, a fresh database on that server; otherwise an embedded PostgreSQL.
  let url: string;
  if (process.env.DATABASE_URL) {
    const server = new URL(process.env.DATABASE_URL);
    server.pathname = `/atrium_e2e_${process.pid}`;
    await ensureDatabase(process.env.DATABASE_URL, server.pathname.slice(1));
    url = server.toString();
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'atrium-e2e-'));
    const pgPort = 20000 + Math.floor(Math.random() * 20000);
    postgres = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'pg'),
      port: pgPort,
      durability: 'none',
    });
    await ensureDatabase(postgres.url('postgres'), 'atrium_e2e');
    url = postgres.url('atrium_e2e');
  }
  await runMigrations(url);
  database = openDatabase(url, { max: 10 });
  const ctx: Ctx = { db: database.db, actor: systemActor, clock: systemClock };
  const eric = await seed(ctx);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Every browser signs in from 127.0.0.1; only failed sign-ins are limited per address.
  const auth = createAuth(database.db, {
    ATRIUM_BASE_URL: baseUrl,
    ATRIUM_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
  });
  // Signing links point at this server; the sealing certificate is made in a temporary directory.
  const signingDir = mkdtempSync(path.join(os.tmpdir(), 'atrium-e2e-signing-'));
  app = await buildApp({
    db: database.db,
    auth,
    logLevel: 'warn',
    signatures: {
      certificate: once(() => loadSigningCertificate({ dataDir: signingDir })),
      base_url: baseUrl,
      secret: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
      providers: {},
    },
    // The live channel listens on the same database (notifications reach the browsers as they are stored).
    realtime: { databaseUrl: url },
  });
  await app.listen({ host: '127.0.0.1', port });

  project.provide('baseUrl', baseUrl);
  project.provide('admin', admin);
  project.provide('staff', staff);
  project.provide('customerId', eric.id);
  project.provide('databaseUrl', url);
}

export async function teardown() {
  await app?.close();
  await database?.close();
  await postgres?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists atrium_e2e_${process.pid} with (force)`).catch(() => {});
    await admin.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    admin: { email: string; password: string; name: string };
    staff: { email: string; password: string; name: string };
    customerId: string;
    /** For tests that arrange what no route makes (e.g. a dead-lettered event). */
    databaseUrl: string;
  }
}
