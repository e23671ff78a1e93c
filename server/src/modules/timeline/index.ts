export { timelineRoutes } from './timeline.routes.ts';
export { type ActivityType, activitySchema, activityTypes } from './timeline.schemas.ts';
export {
  type ActivityInput,
  activityCountSql,
  countActivitiesPerMonth,
  exportActivityPages,
  findActivities,
  latestActivitiesJsonSql,
  logActivity,
  logManualActivity,
  scrubActivities,
} from './timeline.service.ts';
