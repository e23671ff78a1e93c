export { dunningJobs } from './dunning.jobs.ts';
export { dunningRoutes } from './dunning.routes.ts';
export { levelDue, reminderPlan } from './dunning.rules.ts';
export {
  getDunningOverview,
  getDunningPause,
  getInvoiceReminders,
  runDunning,
  setDunningPause,
} from './dunning.service.ts';
export { customer_dunning, dunning_runs, invoice_reminders } from './dunning.tables.ts';
