import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/core/embedded-postgres.ts';
import { runMigrations } from '../src/core/migrate.ts';

/**
 * Starts one PostgreSQL for the whole run (the embedded one in a fresh temp directory,
 * or the server in DATABASE_URL), migrates a template database once, and hands its
 * address to the test files: each file clones the template (test/database.ts).
 */
let embedded: EmbeddedPostgres | undefined;
let embeddedDir: string | undefined;

export async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atrium-test-pg-'));
    embeddedDir = dir;
    const port = 20000 + Math.floor(Math.random() * 20000);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port, durability: 'none' });
    adminUrl = embedded.url('postgres');
  }
  const template = `atrium_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await runMigrations(templateUrl.toString());
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
}

export async function teardown() {
  await embedded?.stop();
  // Each run's cluster is about 60 MB: leave nothing behind in the temp dir.
  if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}
