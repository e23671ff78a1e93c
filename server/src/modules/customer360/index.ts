export { logManualActivity } from './activities.service.ts';
export { customer360Routes } from './customer360.routes.ts';
export { getCustomer360 } from './customer360.service.ts';
export { timelineRoutes } from './timeline.routes.ts';
