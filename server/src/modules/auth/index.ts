export { createApiKey, verifyApiKey } from './api-keys.service.ts';
export { authPlugin } from './auth.plugin.ts';
export { authRoutes } from './auth.routes.ts';
export { type Auth, createAuth } from './auth.ts';
export { anonymizeClientUsers, createUser, ensureFirstAdmin, findUserByEmail } from './users.service.ts';
