import { Command, InvalidArgumentError } from 'commander';
import { systemClock } from './core/clock.ts';
import { loadConfig } from './core/config.ts';
import { type Role, roles, systemActor } from './core/context.ts';
import { openRuntime } from './core/runtime.ts';
import { startServer } from './main.ts';
import { runAuditVerify } from './modules/audit/index.ts';
import { createApiKey, createUser } from './modules/auth/index.ts';
import { startWorker } from './worker.ts';

function role(value: string): Role {
  if (!(roles as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${roles.join(', ')}`);
  }
  return value as Role;
}

/** Runs one administrative task against the database, then closes it. */
async function withRuntime<T>(task: (ctx: Parameters<typeof createUser>[0]) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig());
  try {
    return await task({ db: runtime.database.db, actor: systemActor, clock: systemClock });
  } finally {
    await runtime.stop();
  }
}

const program = new Command('atrium').description('Atrium — Customer 360 CRM');

program
  .command('start')
  .description('start the HTTP server (API, web UI, /api/docs)')
  .action(async () => {
    await startServer(loadConfig());
  });

program
  .command('worker')
  .description('run background jobs')
  .action(async () => {
    await startWorker(loadConfig());
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    await withRuntime(async () => console.log('migrations applied'));
  });

const users = program.command('users').description('manage users');
users
  .command('create')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .option('--name <name>', 'display name', 'Utilisateur')
  .option('--role <role>', 'admin, staff, advisor or client', role, 'staff' as Role)
  .option('--customer <id>', 'for a client: the customer they belong to')
  .action(
    async (options: { email: string; password: string; name: string; role: Role; customer?: string }) => {
      const user = await withRuntime((ctx) =>
        createUser(ctx, { ...options, customer_id: options.customer ?? null }),
      );
      console.log(`created ${user.role} ${user.email} (${user.id})`);
    },
  );

const apiKeys = program.command('api-keys').description('manage API keys');
apiKeys
  .command('create')
  .requiredOption('--name <name>')
  .requiredOption('--role <role>', 'admin, staff, advisor or client', role)
  .option('--customer <id>', 'for a client key: the customer it may reach')
  .action(async (options: { name: string; role: Role; customer?: string }) => {
    const created = await withRuntime((ctx) =>
      createApiKey(ctx, { name: options.name, role: options.role, customer_id: options.customer ?? null }),
    );
    console.log(created.key);
    console.error(`API key "${created.name}" (${created.role}) created; it is shown only this once.`);
  });

const audit = program.command('audit').description('the sealed audit log');
audit
  .command('verify')
  .description('recompute every sealed block; exit code 1 names the first entry that no longer matches')
  .action(async () => {
    process.exitCode = await withRuntime((ctx) => runAuditVerify(ctx, (line) => console.log(line)));
  });

program
  .command('seed')
  .description('fill the database with data')
  .option('--demo', 'a believable Québec business')
  .option('--customers <count>', 'how many customers', (value) => Number.parseInt(value, 10), 200)
  .action(async (options: { demo?: boolean; customers: number }) => {
    if (!options.demo) throw new InvalidArgumentError('only --demo is available');
    const { seedDemo } = await import('./modules/demo/index.ts');
    const summary = await withRuntime((ctx) => seedDemo(ctx, { customers: options.customers }));
    console.log(summary);
  });

await program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
