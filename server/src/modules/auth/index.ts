export { createApiKey, verifyApiKey } from './api-keys.service.ts';
export { authPlugin } from './auth.plugin.ts';
export { authRoutes } from './auth.routes.ts';
export { type Auth, type AuthConfig, createAuth } from './auth.ts';
export { authJobs } from './sign-in-throttle.ts';
export {
  anonymizeClientUsers,
  createUser,
  ensureFirstAdmin,
  findClientUserIds,
  findUserByEmail,
  findUsersByIds,
  findUsersByRoles,
} from './users.service.ts';
