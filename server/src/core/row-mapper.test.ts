import { DrizzleQueryError, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { createTestCustomer } from '../../test/factories.ts';
import type { ContactCreate } from '../modules/customers/contacts.schemas.ts';
import { createContact } from '../modules/customers/contacts.service.ts';
import { customer_contacts, customerColumns, customers } from '../modules/customers/index.ts';
import { systemClock } from './clock.ts';
import { systemActor } from './context.ts';
import type { Database } from './db.ts';
import { withFastRowMapping } from './row-mapper.ts';

describe('withFastRowMapping', () => {
  let database: Database;
  let customerId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const ctx = { db: database.db, actor: systemActor, clock: systemClock };
    const customer = await createTestCustomer(ctx, { segments: ['flotte', 'vip'], phone: '514 555 0101' });
    customerId = customer.id;
    await createContact(ctx, customerId, { first_name: 'Ana', last_name: 'Roy' } as ContactCreate);
  });
  afterAll(() => database.close());

  const mapperOf = (prepared: unknown) => (prepared as { customResultMapper?: unknown }).customResultMapper;

  // Each statement is prepared twice under different names: once left to Drizzle, once mapped by us.
  async function bothWays<
    T extends { prepare(name: string): { execute(values: Record<string, unknown>): Promise<unknown> } },
  >(name: string, query: () => T) {
    const drizzle = await query().prepare(`${name}_drizzle`).execute({ id: customerId });
    const prepared = withFastRowMapping(query().prepare(`${name}_fast`));
    expect(mapperOf(prepared)).toBeTypeOf('function');
    // Sent directly, not through Drizzle's own execute.
    expect(Object.hasOwn(prepared, 'execute')).toBe(true);
    const fast = await prepared.execute({ id: customerId });
    return { drizzle, fast };
  }

  it('maps every column type of a flat select as Drizzle does (dates, arrays, json, booleans, nulls)', async () => {
    const { drizzle, fast } = await bothWays('flat', () =>
      database.db
        .select(customerColumns)
        .from(customers)
        .where(eq(customers.id, sql.placeholder('id'))),
    );
    expect(fast).toEqual(drizzle);
    const [row] = fast as Record<string, unknown>[];
    expect(row!.created_at).toBeInstanceOf(Date);
    expect(row!.segments).toEqual(['flotte', 'vip']);
  });

  it('maps nested selections and SQL fields with their own decoders', async () => {
    const { drizzle, fast } = await bothWays('nested', () =>
      database.db
        .select({
          customer: { id: customers.id, created_at: customers.created_at },
          contacts:
            sql<number>`(select count(*) from customer_contacts c where c.customer_id = "customers"."id")`
              .mapWith(Number)
              .as('contacts'),
          stamp: sql<Date>`${customers.created_at}`.mapWith(customers.created_at),
        })
        .from(customers)
        .where(eq(customers.id, sql.placeholder('id'))),
    );
    expect(fast).toEqual(drizzle);
    expect(fast).toEqual([
      { customer: { id: customerId, created_at: expect.any(Date) }, contacts: 1, stamp: expect.any(Date) },
    ]);
  });

  it('fails as Drizzle fails: the PostgreSQL error wrapped with the statement and its values', async () => {
    const query = () =>
      database.db
        .select({ id: customers.id })
        .from(customers)
        .where(eq(customers.id, sql.placeholder('id')));
    const values = { id: 'not-a-uuid' };
    const drizzle = await query()
      .prepare('failing_drizzle')
      .execute(values)
      .catch((error: unknown) => error);
    const fast = await withFastRowMapping(query().prepare('failing_fast'))
      .execute(values)
      .catch((error: unknown) => error);
    expect(fast).toBeInstanceOf(DrizzleQueryError);
    expect(fast).toMatchObject({
      query: (drizzle as DrizzleQueryError).query,
      params: ['not-a-uuid'],
      cause: { code: '22P02' },
    });
  });

  it('leaves a select with a join to Drizzle, which nulls a table whose columns are all null', async () => {
    const prepared = withFastRowMapping(
      database.db
        .select({
          id: customers.id,
          contact: { id: customer_contacts.id, first_name: customer_contacts.first_name },
        })
        .from(customers)
        .leftJoin(customer_contacts, eq(customer_contacts.customer_id, sql`null::uuid`))
        .where(eq(customers.id, sql.placeholder('id')))
        .prepare('joined'),
    );
    expect(mapperOf(prepared)).toBeUndefined();
    expect(await prepared.execute({ id: customerId })).toEqual([{ id: customerId, contact: null }]);
  });

  it('maps each prepared select of an object and leaves other values alone', () => {
    const select = database.db.select({ id: customers.id }).from(customers).prepare('in_object');
    const statements = withFastRowMapping({ select, other: { fields: 'not a select' } });
    expect(mapperOf(statements.select)).toBeTypeOf('function');
    expect(statements.other).toEqual({ fields: 'not a select' });
  });

  it('compiles a statement once, however many transactions prepare it again', async () => {
    const build = (db: typeof database.db) =>
      withFastRowMapping(
        db
          .select(customerColumns)
          .from(customers)
          .where(eq(customers.id, sql.placeholder('id')))
          .prepare('compiled_once'),
      );
    const outside = build(database.db);
    const inside = await database.db.transaction(async (tx) => {
      const statement = build(tx);
      expect(await statement.execute({ id: customerId })).toEqual(await outside.execute({ id: customerId }));
      return statement;
    });
    expect(inside).not.toBe(outside);
    expect(mapperOf(inside)).toBe(mapperOf(outside));
  });
});
