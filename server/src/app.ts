import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { type Clock, systemClock } from './core/clock.ts';
import type { Db } from './core/db.ts';
import { earlyErrorOptions, registerErrorHandling } from './core/http.ts';
import { withoutUnusedSchemas, withProblemJsonErrors } from './core/openapi.ts';
import { serializerCompiler } from './core/serializer.ts';
import { LocalDiskStorage } from './core/storage.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { type Auth, authPlugin, authRoutes } from './modules/auth/index.ts';
import {
  billingExportSection,
  creditNoteRoutes,
  invoiceMailRoutes,
  invoiceOpenItems,
  invoiceRoutes,
  noPaymentProviders,
  type PaymentSettings,
  paymentRoutes,
  pdfRoutes,
  productRoutes,
  promoCodeRoutes,
  receivableRoutes,
  salesTaxRoutes,
  stripeWebhookRoutes,
} from './modules/billing/index.ts';
import { claimRoutes, claimsExportSection, conversationRoutes } from './modules/claims/index.ts';
import { customer360Routes, timelineRoutes } from './modules/customer360/index.ts';
import { customerRoutes } from './modules/customers/index.ts';
import { type DocumentSettings, documentRoutes, documentsExportSection } from './modules/documents/index.ts';
import { dunningRoutes } from './modules/dunning/index.ts';
import { eventRoutes } from './modules/events/index.ts';
import { financeRoutes, financesExportSection, type OpenItemsProvider } from './modules/finances/index.ts';
import { mailExportSection, mailRoutes } from './modules/mail/index.ts';
import { NotificationHub, notificationRoutes } from './modules/notifications/index.ts';
import { privacyRoutes } from './modules/privacy/index.ts';
import {
  orderRoutes,
  publicQuoteRoutes,
  type QuoteSignatureStep,
  quoteRoutes,
  quotesExportSection,
} from './modules/quotes/index.ts';
import { recurringRoutes } from './modules/recurring/index.ts';
import { settingsRoutes } from './modules/settings/index.ts';
import {
  drawnSignatureStep,
  loadSigningCertificate,
  once,
  quoteSignatureRoutes,
  type SignatureSettings,
  signatureRoutes,
  signaturesExportSection,
} from './modules/signatures/index.ts';
import { supportExportSection, supportRoutes } from './modules/support/index.ts';

export interface AppDeps {
  db: Db;
  auth: Auth;
  clock?: Clock;
  logLevel?: string;
  trustProxy?: boolean;
  /** The built web UI; served with an index.html fallback for client-side routes. */
  webDir?: string;
  /** Open items for the Finances view (aging, overdue, score): billing's invoices unless a test injects others. */
  openItems?: OpenItemsProvider;
  /** Online payment providers (Stripe) and the public address payers return to; none: online payment off. */
  payments?: PaymentSettings;
  /** Where documents are stored and their limits; default local disk under ./data. */
  documents?: DocumentSettings;
  /** Whether SMTP is configured (the outbox says so); the mail job itself runs with the jobs. */
  mailConfigured?: boolean;
  /** The step a quote's acceptance goes through; default: an optional drawn signature (drawnSignatureStep). */
  quoteSignature?: QuoteSignatureStep;
  /** Signature requests: the sealing certificate, public address and secret; default ./data and localhost. */
  signatures?: Omit<SignatureSettings, 'documents'>;
  /** The live channel: its LISTEN connection's database and limits; none: no live delivery (tests of other modules, the OpenAPI build). */
  realtime?: RealtimeSettings;
}

export interface RealtimeSettings {
  databaseUrl: string;
  /** A socket with more unsent bytes than this is closed (4408); default 1 MiB. */
  maxBufferedBytes?: number;
  heartbeatMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's sockets of `/api/v1/ws` and its LISTEN connection (notifications module). */
    notificationHub: NotificationHub;
  }
}

function defaultDocumentSettings(): DocumentSettings {
  return {
    storage: new LocalDiskStorage(path.resolve('data/files')),
    maxUploadSize: 50 * 1024 * 1024,
    retentionDays: 2190,
    cacheDir: path.resolve('data/cache/thumbnails'),
  };
}

function defaultSignatureSettings(): Omit<SignatureSettings, 'documents'> {
  return {
    certificate: once(() => loadSigningCertificate({ dataDir: path.resolve('data') })),
    base_url: 'http://localhost:3000',
    secret: 'atrium-development-secret-not-for-production',
    providers: {},
  };
}

const defaultWebDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] },
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    ...earlyErrorOptions,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Atrium API',
        version: '1.0.0',
        description: 'Customer 360 CRM. Errors are RFC 9457 problem+json.',
      },
      // Paths are absolute (/api/v1/...), so the server is wherever the document was read from.
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'atrium api-keys create' },
          session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) =>
      withProblemJsonErrors(withoutUnusedSchemas(jsonSchemaTransformObject(document))),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true } });
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, access: 'public' };
  });

  // WebSocket routes (`{ websocket: true }`) share the HTTP routes' hooks, so sessions and access apply to the upgrade.
  await app.register(fastifyWebsocket, {
    options: { maxPayload: 64 * 1024 },
    // Clients are told the server is going away (1001), so they reconnect (elsewhere) and resume.
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(1001, 'server shutting down');
      done();
    },
  });
  const hub = new NotificationHub({
    db: deps.db,
    databaseUrl: deps.realtime?.databaseUrl ?? null,
    maxBufferedBytes: deps.realtime?.maxBufferedBytes,
    heartbeatMs: deps.realtime?.heartbeatMs,
    log: (message, error) => app.log.warn({ err: error }, message),
  });
  app.decorate('notificationHub', hub);
  app.addHook('onReady', () => hub.start());
  app.addHook('onClose', () => hub.close());
  const documentSettings = deps.documents ?? defaultDocumentSettings();
  await app.register(authPlugin, { db: deps.db, auth: deps.auth, clock: deps.clock ?? systemClock });
  await app.register(
    async (api) => {
      await api.register(authRoutes);
      await api.register(auditRoutes);
      await api.register(customerRoutes);
      await api.register(customer360Routes);
      await api.register(timelineRoutes);
      // A customer's access-request export carries what these modules keep about them.
      await api.register(privacyRoutes, {
        exportSections: [
          financesExportSection,
          billingExportSection,
          supportExportSection,
          documentsExportSection(documentSettings),
          signaturesExportSection,
          mailExportSection,
          claimsExportSection,
          quotesExportSection,
        ],
      });
      await api.register(eventRoutes);
      await api.register(financeRoutes, { openItems: deps.openItems ?? invoiceOpenItems });
      await api.register(productRoutes);
      await api.register(promoCodeRoutes);
      await api.register(invoiceRoutes);
      const payments = deps.payments ?? { providers: noPaymentProviders, base_url: null };
      await api.register(paymentRoutes, { settings: payments });
      await api.register(stripeWebhookRoutes, { settings: payments });
      await api.register(settingsRoutes);
      await api.register(pdfRoutes);
      await api.register(creditNoteRoutes);
      await api.register(receivableRoutes);
      await api.register(salesTaxRoutes);
      await api.register(supportRoutes);
      await api.register(claimRoutes);
      // A conversation's sockets on every instance hear of its messages through the hub's NOTIFY.
      await api.register(conversationRoutes, {
        transport: {
          publish: (id) => hub.broadcast('conversation', id),
          subscribe: (listener) => hub.onBroadcast('conversation', listener),
        },
      });
      await api.register(documentRoutes, { settings: documentSettings });
      const signatureSettings = {
        documents: documentSettings,
        ...(deps.signatures ?? defaultSignatureSettings()),
      };
      await api.register(signatureRoutes, { settings: signatureSettings, payments });
      await api.register(quoteSignatureRoutes, { settings: signatureSettings });
      await api.register(mailRoutes, { mailConfigured: deps.mailConfigured ?? false });
      await api.register(invoiceMailRoutes, { settings: payments });
      await api.register(dunningRoutes, { settings: payments });
      await api.register(recurringRoutes, { settings: payments });
      // A drawing on the quote's page is optional evidence (its SHA-256 kept); the name accepts.
      const quoteOptions = {
        settings: payments,
        signature: deps.quoteSignature ?? drawnSignatureStep(signatureSettings),
      };
      await api.register(quoteRoutes, quoteOptions);
      await api.register(publicQuoteRoutes, quoteOptions);
      await api.register(orderRoutes);
      await api.register(notificationRoutes, { hub });
    },
    { prefix: '/api/v1' },
  );

  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));

  const webDir = deps.webDir ?? defaultWebDir;
  if (existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply.callNotFound();
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}
