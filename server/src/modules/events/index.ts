export { eventJobs } from './events.jobs.ts';
export { eventRoutes } from './events.routes.ts';
