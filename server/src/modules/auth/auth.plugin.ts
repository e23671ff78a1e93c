import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../../core/clock.ts';
import { type Actor, type Ctx, type Role, roles } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { sendProblem } from '../../core/http.ts';
import { verifyApiKey } from './api-keys.service.ts';
import type { Auth } from './auth.ts';
import {
  beginSignInAttempt,
  emailOfTwoFactorChallenge,
  finishSignInAttempt,
  type SignInAttempt,
  type SignInOutcome,
} from './sign-in-throttle.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: roles, or 'public'. A route under /api/v1 without it refuses everyone. */
    access?: readonly Role[] | 'public';
    /** On a public route: still identify a signed-in caller (session or API key) when there is one. */
    identifySignedIn?: boolean;
  }
  interface FastifyRequest {
    ctx: Ctx;
  }
  interface FastifyInstance {
    /** Who may call each API route ("GET /api/v1/customers/:id" → roles): the authorization matrix. */
    routeAccess: Map<string, readonly Role[] | 'public'>;
  }
}

export interface AuthPluginOptions {
  db: Db;
  auth: Auth;
  clock: Clock;
}

function anonymousActor(request: FastifyRequest): Actor {
  return {
    type: 'system',
    id: null,
    role: 'system',
    customer_id: null,
    ip: request.ip,
    user_agent: request.headers['user-agent']?.slice(0, 512) ?? null,
  };
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

async function identify(request: FastifyRequest, options: AuthPluginOptions): Promise<Actor | undefined> {
  const base = anonymousActor(request);
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const principal = await verifyApiKey(options.db, authorization.slice(7).trim());
    if (!principal) return undefined;
    return {
      ...base,
      type: 'api_key',
      id: principal.id,
      role: principal.role,
      customer_id: principal.customer_id,
    };
  }
  if (!request.headers.cookie) return undefined;
  const session = await options.auth.api.getSession({ headers: toHeaders(request) });
  if (!session) return undefined;
  const user = session.user as typeof session.user & { role?: unknown; customerId?: string | null };
  if (!isRole(user.role)) return undefined;
  return { ...base, type: 'user', id: user.id, role: user.role, customer_id: user.customerId ?? null };
}

/** The incoming headers as a Fetch API Headers, with the client IP Fastify resolved (never the client's own claim). */
export function toHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  headers.set('x-atrium-client-ip', request.ip);
  return headers;
}

/** Where a password or a second-factor code is checked: throttled by sign-in-throttle.ts. */
const signInPath = '/api/auth/sign-in/email';
const secondFactorPaths = new Set([
  '/api/auth/two-factor/verify-totp',
  '/api/auth/two-factor/verify-backup-code',
  '/api/auth/two-factor/verify-otp',
]);

function tooManyAttempts(reply: FastifyReply, retryAfterSeconds: number | string | null) {
  if (retryAfterSeconds !== null) reply.header('retry-after', String(retryAfterSeconds));
  return sendProblem(reply, {
    status: 429,
    code: 'auth.rate_limited',
    detail: 'Too many attempts; try again later.',
  });
}

/** The account a sign-in attempt is for: the e-mail it names, or the one its second-factor challenge is for. */
async function accountOfAttempt(request: FastifyRequest, path: string, options: AuthPluginOptions) {
  if (path === signInPath) {
    const email = (request.body as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? email : undefined;
  }
  const challenge = await emailOfTwoFactorChallenge(options.db, request.headers.cookie);
  if (challenge) return challenge;
  // A signed-in user confirming a code while turning 2FA on.
  if (!request.headers.cookie) return undefined;
  const session = await options.auth.api.getSession({ headers: toHeaders(request) }).catch(() => null);
  return session?.user.email;
}

function outcomeOf(path: string, status: number, text: string | null): SignInOutcome {
  if (status !== 200) return 'failed';
  if (path !== signInPath) return 'signed_in';
  try {
    return (JSON.parse(text ?? '{}') as { twoFactorRedirect?: unknown }).twoFactorRedirect === true
      ? 'second_factor_due'
      : 'signed_in';
  } catch {
    return 'signed_in';
  }
}

async function mountAuthHandler(app: FastifyInstance, options: AuthPluginOptions) {
  const { auth } = options;
  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    config: { access: 'public' },
    schema: { hide: true },
    async handler(request: FastifyRequest, reply: FastifyReply) {
      // Host (or X-Forwarded-Host behind a trusted proxy) decides the same-origin check (auth.ts).
      const url = URL.parse(request.url, `${request.protocol}://${request.host}`);
      if (!url) {
        return sendProblem(reply, { status: 400, code: 'request.invalid', detail: 'Invalid Host header.' });
      }
      let attempt: SignInAttempt | undefined;
      if (request.method === 'POST' && (url.pathname === signInPath || secondFactorPaths.has(url.pathname))) {
        const email = await accountOfAttempt(request, url.pathname, options);
        const begun = await beginSignInAttempt(request.ctx, { email, address: request.ip });
        if ('retryAfterSeconds' in begun) return tooManyAttempts(reply, begun.retryAfterSeconds);
        attempt = begun.attempt;
      }
      const body =
        request.method === 'GET' || request.body === undefined
          ? undefined
          : typeof request.body === 'string'
            ? request.body
            : JSON.stringify(request.body);
      const response = await auth.handler(
        new Request(url, { method: request.method, headers: toHeaders(request), body }),
      );
      const text = response.body ? await response.text() : null;
      if (attempt) {
        await finishSignInAttempt(request.ctx, attempt, outcomeOf(url.pathname, response.status, text));
      }
      reply.status(response.status);
      for (const [name, value] of response.headers) {
        if (name !== 'set-cookie') reply.header(name, value);
      }
      const cookies = response.headers.getSetCookie();
      if (cookies.length) reply.header('set-cookie', cookies);
      // better-auth's own limits (other endpoints) and its second-factor lock.
      if (response.status === 429) return tooManyAttempts(reply, response.headers.get('x-retry-after'));
      return reply.send(text);
    },
  });
}

/**
 * Authenticates every /api request (session cookie or Bearer API key), builds the
 * request's service context, and enforces the route's declared access before any handler runs.
 */
export const authPlugin = fp<AuthPluginOptions>(async (app, options) => {
  app.decorateRequest('ctx', null as unknown as Ctx);
  // Fail at start-up, not in production traffic: every API route says who may call it.
  const routeAccess = new Map<string, readonly Role[] | 'public'>();
  app.decorate('routeAccess', routeAccess);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`${route.method} ${route.url} does not declare config.access`);
    for (const method of [route.method].flat()) routeAccess.set(`${method} ${route.url}`, access);
  });
  await mountAuthHandler(app, options);

  app.addHook('onRequest', async (request, reply) => {
    request.ctx = { db: options.db, clock: options.clock, actor: anonymousActor(request) };
    const access = request.routeOptions.config.access;
    if (access === 'public') {
      if (request.routeOptions.config.identifySignedIn) {
        const actor = await identify(request, options);
        if (actor) request.ctx.actor = actor;
      }
      return;
    }
    if (!request.url.startsWith('/api/v1/') && !request.url.startsWith('/api/v1?')) return;
    const actor = await identify(request, options);
    if (!actor) {
      return sendProblem(reply, {
        status: 401,
        code: 'auth.unauthenticated',
        detail: 'Sign in or send an API key.',
      });
    }
    request.ctx.actor = actor;
    if (!access || !(access as readonly string[]).includes(actor.role)) {
      return sendProblem(reply, {
        status: 403,
        code: 'auth.forbidden',
        detail: 'Your role may not do this.',
      });
    }
  });
});
