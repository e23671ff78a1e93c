import type { EventHandler } from './core/events.ts';
import type { JobDefinition } from './core/jobs.ts';
import { rateLimitJobs } from './core/rate-limit.ts';
import { auditJobs } from './modules/audit/index.ts';
import { authJobs } from './modules/auth/index.ts';
import { eventJobs } from './modules/events/index.ts';
import { financeEventHandlers } from './modules/finances/index.ts';
import { privacyJobs } from './modules/privacy/index.ts';
import { supportEventHandlers } from './modules/support/index.ts';

/**
 * Every module's background jobs, run inside `npm start` (unless ATRIUM_JOBS=off) and by
 * `atrium worker`. A module with jobs adds its list here.
 */
export const jobs: JobDefinition[] = [
  ...auditJobs,
  ...authJobs,
  ...eventJobs,
  ...privacyJobs,
  ...rateLimitJobs,
];

/**
 * Every module's reactions to recorded changes (`onEvent(type, name, handle)`), run after
 * commit by the dispatcher of each process that runs jobs. A module with handlers adds its
 * list here.
 */
export const eventHandlers: EventHandler[] = [...financeEventHandlers, ...supportEventHandlers];

/** What a process that runs background work starts. */
export const backgroundWork = { jobs, eventHandlers };
