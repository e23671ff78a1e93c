import { pruneHandledEvents } from '../../core/events.ts';
import type { JobDefinition } from '../../core/jobs.ts';

export const eventJobs: JobDefinition[] = [
  { name: 'events.prune-handled', cron: '17 3 * * *', handler: (ctx) => pruneHandledEvents(ctx) },
];
