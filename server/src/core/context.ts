import type { Clock } from './clock.ts';
import type { Db } from './db.ts';

export type Role = 'admin' | 'staff' | 'advisor' | 'client';
export const roles = ['admin', 'staff', 'advisor', 'client'] as const satisfies readonly Role[];

/** Who is calling: a signed-in user, an API key, or the system itself. */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  role: Role | 'system';
  /** For a client: the customer whose records they may reach. */
  customer_id: string | null;
  ip: string | null;
  user_agent: string | null;
}

/** What every service function receives first. `db` may be a transaction. */
export interface Ctx {
  db: Db;
  actor: Actor;
  clock: Clock;
}

export const systemActor: Actor = {
  type: 'system',
  id: null,
  role: 'system',
  customer_id: null,
  ip: null,
  user_agent: null,
};
