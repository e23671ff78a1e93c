import type { JobDefinition } from '../../core/jobs.ts';
import { pruneReadNotifications } from './notifications.service.ts';

export const notificationJobs: JobDefinition[] = [
  // Read notifications go after 90 days; unread ones wait for their reader.
  { name: 'notifications.prune-read', cron: '23 3 * * *', handler: (ctx) => pruneReadNotifications(ctx, 90) },
];
