import type { JobDefinition } from '../../core/jobs.ts';
import type { PaymentSettings } from '../billing/index.ts';
import { runDunning } from './dunning.service.ts';

/** Every morning (13:00 UTC: 8 or 9 a.m. in Montréal), the reminders due today. */
export function dunningJobs(settings: PaymentSettings): JobDefinition[] {
  return [
    {
      name: 'dunning.daily',
      cron: '0 13 * * *',
      handler: async (ctx) => {
        // The counts for the log; the reminders themselves are on the timeline and in the outbox.
        const { reminders: _reminders, ...counts } = await runDunning(ctx, settings);
        return counts;
      },
    },
  ];
}
