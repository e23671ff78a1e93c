import type { JobDefinition } from '../../core/jobs.ts';
import type { PaymentSettings } from '../billing/index.ts';
import { runRecurringInvoices } from './recurring.run.ts';

/**
 * Every morning (11:00 UTC: 6 or 7 a.m. in Montréal, before dunning's run), the invoices of
 * the periods starting today or missed since the last run. Run twice, it bills nothing twice.
 */
export function recurringJobs(settings: PaymentSettings): JobDefinition[] {
  return [
    {
      name: 'recurring-invoices.daily',
      cron: '0 11 * * *',
      handler: async (ctx) => {
        const { invoices: _invoices, ...counts } = await runRecurringInvoices(ctx, settings);
        return counts;
      },
    },
  ];
}
