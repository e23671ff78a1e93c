export { timelineRoutes } from './timeline.routes.ts';
export { type ActivityType, activitySchema, activityTypes } from './timeline.schemas.ts';
export { type ActivityInput, findActivities, latestActivities, logActivity } from './timeline.service.ts';
