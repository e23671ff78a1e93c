import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { paginate } from '../../core/schemas.ts';
import { closeCodes, controlMessage, type NotificationHub } from './notifications.hub.ts';
import {
  clientMessageSchema,
  notificationIdSchema,
  notificationListQuery,
  notificationListSchema,
  notificationSchema,
  socketQuery,
} from './notifications.schemas.ts';
import {
  countUnreadNotifications,
  findNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  recipientOf,
} from './notifications.service.ts';

const everyone = ['admin', 'staff', 'advisor', 'client'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

/** Whether a browser's page comes from this server (a cookie must not open the socket for another site). */
function sameOrigin(origin: string | undefined, host: string): boolean {
  if (!origin) return true;
  return URL.parse(origin)?.host === host;
}

/** The signed-in person's notifications: REST (list, unread count, mark read) and the live socket. */
export const notificationRoutes: FastifyPluginAsyncZod<{ hub: NotificationHub }> = async (app, { hub }) => {
  app.get(
    '/notifications',
    {
      config: { access: everyone },
      schema: {
        tags: ['notifications'],
        operationId: 'listNotifications',
        summary: 'My notifications, newest first (unread=true: only unread ones)',
        querystring: notificationListQuery,
        response: { 200: notificationListSchema, ...problems },
      },
    },
    async (request) => {
      const { rows, total } = await findNotifications(request.ctx, request.query);
      return { data: rows, pagination: paginate(total, request.query.page, request.query.per_page) };
    },
  );

  app.get(
    '/notifications/unread-count',
    {
      config: { access: everyone },
      schema: {
        tags: ['notifications'],
        operationId: 'countUnreadNotifications',
        summary: 'How many of my notifications are unread',
        response: { 200: z.object({ unread: z.number().int() }), ...problems },
      },
    },
    async (request) => ({ unread: await countUnreadNotifications(request.ctx) }),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { access: everyone },
      schema: {
        tags: ['notifications'],
        operationId: 'markNotificationRead',
        summary: 'Mark one of my notifications read (404 for anyone else’s)',
        params: z.object({ id: notificationIdSchema }),
        response: { 200: notificationSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => markNotificationRead(request.ctx, request.params.id),
  );

  app.post(
    '/notifications/read-all',
    {
      config: { access: everyone },
      schema: {
        tags: ['notifications'],
        operationId: 'markAllNotificationsRead',
        summary: 'Mark all my notifications read',
        response: { 200: z.object({ updated: z.number().int() }), ...problems },
      },
    },
    async (request) => markAllNotificationsRead(request.ctx),
  );

  /*
   * The live channel (ADR 14). Public at the HTTP level so that a missing or expired session
   * still upgrades and is then closed with 4401, which a browser can read (a refused upgrade
   * is only an error event); the caller is identified as on every route (cookie or API key).
   */
  app.get(
    '/ws',
    {
      websocket: true,
      config: { access: 'public', identifySignedIn: true },
      schema: { hide: true, querystring: socketQuery },
    },
    async (socket, request) => {
      const { actor } = request.ctx;
      if (actor.type === 'system') {
        socket.close(closeCodes.unauthenticated, 'unauthenticated');
        return;
      }
      if (actor.type === 'user' && !sameOrigin(request.headers.origin, request.host)) {
        socket.close(closeCodes.forbiddenOrigin, 'forbidden origin');
        return;
      }
      // An API key has no notifications of its own (they are per person): its socket stays quiet.
      const userId = recipientOf(actor) ?? actor.id;
      if (!userId) return;
      socket.on('message', (raw, isBinary) => {
        let parsed: unknown;
        try {
          parsed = isBinary ? undefined : JSON.parse(raw.toString());
        } catch {
          parsed = undefined;
        }
        const message = clientMessageSchema.safeParse(parsed);
        if (!message.success) {
          // Subscribing to someone else's events (or anything else) is refused: the channel is the caller's own.
          const code =
            parsed && typeof parsed === 'object' && 'subscribe' in parsed
              ? 'subscription.forbidden'
              : 'message.invalid';
          socket.send(controlMessage('error', { code }));
          return;
        }
        if ('resume_after' in message.data) void hub.resume(socket, message.data.resume_after);
        else socket.send(controlMessage('pong', {}));
      });
      await hub.add(socket, userId, (request.query as z.infer<typeof socketQuery>).after ?? null);
    },
  );
};
