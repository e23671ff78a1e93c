export { recurringEventHandlers } from './recurring.events.ts';
export { recurringJobs } from './recurring.jobs.ts';
export { type Frequency, frequencies, periodAt, periodStart, periodsDue } from './recurring.periods.ts';
export { recurringRoutes } from './recurring.routes.ts';
export { runRecurringInvoices } from './recurring.run.ts';
export { createSchedule, getSchedule } from './recurring.service.ts';
export { recurring_invoice_runs, recurring_invoices } from './recurring.tables.ts';
