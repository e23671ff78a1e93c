import { randomInt } from 'node:crypto';
import type { Ctx } from '../src/core/context.ts';
import type { CustomerCreate } from '../src/modules/customers/customers.schemas.ts';
import { createCustomer } from '../src/modules/customers/customers.service.ts';

let sequence = 0;

/** A unique matricule (XX-123-XX) so that files running in parallel never collide. */
export function uniqueMatricule(): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const pick = () => letters[randomInt(26)]!;
  return `${pick()}${pick()}-${String(randomInt(1000)).padStart(3, '0')}-${pick()}${pick()}`;
}

export function createTestCustomer(ctx: Ctx, overrides: Partial<CustomerCreate> = {}) {
  sequence += 1;
  return createCustomer(ctx, {
    kind: 'individual',
    first_name: 'Test',
    last_name: `Client${sequence}${randomInt(1_000_000)}`,
    email: `client${sequence}.${randomInt(1_000_000)}@exemple.ca`,
    ...overrides,
  });
}
