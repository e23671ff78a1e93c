import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { WebSocket } from 'ws';
import type { Db } from '../../core/db.ts';
import {
  findNotificationsAfter,
  getNotificationById,
  latestNotificationId,
  type NotificationView,
  notificationChannel,
  titleKeyOf,
} from './notifications.service.ts';

/**
 * Close codes of `/api/v1/ws` (ADR 14). 4401: no valid session or API key (sign in, then
 * reconnect). 4403: a cookie sent from another site's page. 4408: the client read too slowly
 * and its send buffer passed the cap; reconnect with `resume_after` to get what followed.
 * 1001: the server is shutting down (reconnect, resume).
 */
export const closeCodes = {
  unauthenticated: 4401,
  forbiddenOrigin: 4403,
  tooSlow: 4408,
  goingAway: 1001,
} as const;

export interface HubOptions {
  db: Db;
  /**
   * The LISTEN connection's database; it is one `pg.Client` of its own, outside the pool.
   * Null: no live delivery (sockets still get what they missed when they connect).
   */
  databaseUrl: string | null;
  /** A socket whose unsent bytes pass this is closed with 4408 (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Ping interval; a socket that did not answer the previous ping is dropped (default 30 s). */
  heartbeatMs?: number;
  /** Most missed notifications replayed on resume (the REST list has the rest). */
  replayLimit?: number;
  log?: (message: string, error?: unknown) => void;
}

interface Subscriber {
  socket: WebSocket;
  userId: string;
  /** Highest notification id sent: anything at or under it is never sent again. */
  lastSentId: number;
  /** While the backlog is read, live notifications wait here. */
  pending: WireNotification[] | null;
  alive: boolean;
}

interface WireNotification {
  id: number;
  text: string;
}

/** What the client receives: `{id, type, created_at, data}`; control messages have `id: null`. */
function wireOf(view: NotificationView): WireNotification {
  const { id, type, created_at, ...data } = view;
  return { id, text: JSON.stringify({ id, type, created_at, data }) };
}

export function controlMessage(type: string, data: Record<string, unknown>): string {
  return JSON.stringify({ id: null, type, created_at: new Date().toISOString(), data });
}

interface AnnouncedNotification {
  kind: 'notification';
  id: number;
  user_id: string;
  type?: string;
  params?: NotificationView['params'];
  link?: string | null;
  entity?: string;
  entity_id?: string | null;
  created_at?: string;
}

interface AnnouncedSignal {
  kind: 'signal';
  user_ids: string[];
  type: string;
  data: Record<string, unknown>;
}

/** A broadcast (`NotificationHub.broadcast`): a topic and a key, for other modules' live pushes. */
interface AnnouncedBroadcast {
  kind: 'broadcast';
  topic: string;
  key: string;
  origin: string;
}

/**
 * Hears a broadcast's key; `local` when this instance sent it. A null key: the LISTEN
 * connection came back after a loss, so anything may have been missed (catch up on everything).
 */
export type BroadcastListener = (key: string | null, local: boolean) => void;

interface AnnouncedRead {
  kind: 'read';
  user_id: string;
  ids: number[] | null;
}

export interface HubStats {
  sockets: number;
  dropped_slow: number;
  listening: boolean;
  reconnects: number;
}

/**
 * One per server instance: a dedicated LISTEN connection and the instance's own sockets.
 * A notification committed by any instance (or worker) reaches every instance through
 * PostgreSQL's NOTIFY, and each pushes it to its sockets of that user only. Sending never
 * waits on a socket: a slow one is closed, the others go on.
 */
export class NotificationHub {
  readonly #options: Required<Omit<HubOptions, 'log'>> & Pick<HubOptions, 'log'>;
  readonly #byUser = new Map<string, Set<Subscriber>>();
  readonly #bySocket = new Map<WebSocket, Subscriber>();
  #client: pg.Client | undefined;
  #closing = false;
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #everConnected = false;
  #droppedSlow = 0;
  #reconnects = 0;
  #connecting: Promise<void> | undefined;
  readonly #topics = new Map<string, Set<BroadcastListener>>();
  /** Tells this instance's own broadcasts from the others'. */
  readonly #origin = randomUUID();

  constructor(options: HubOptions) {
    this.#options = {
      ...options,
      maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
      heartbeatMs: options.heartbeatMs ?? 30_000,
      replayLimit: options.replayLimit ?? 500,
    };
  }

  #log(message: string, error?: unknown) {
    this.#options.log?.(message, error);
  }

  async start(): Promise<void> {
    this.#heartbeat = setInterval(() => this.#beat(), this.#options.heartbeatMs);
    this.#heartbeat.unref();
    if (this.#options.databaseUrl) await this.#connect();
  }

  /**
   * Another module's cross-instance push on this hub's NOTIFY channel (the claims'
   * conversation sockets, wired in app.ts): every instance's `onBroadcast(topic)` listeners
   * hear `key`. Like a signal it is not stored: a listener keeps its own truth in the database.
   */
  async broadcast(topic: string, key: string): Promise<void> {
    const message: AnnouncedBroadcast = { kind: 'broadcast', topic, key, origin: this.#origin };
    await this.#options.db.execute(sql`select pg_notify(${notificationChannel}, ${JSON.stringify(message)})`);
  }

  /** Listens to `broadcast(topic, …)` from every instance; returns the unsubscribe. */
  onBroadcast(topic: string, listener: BroadcastListener): () => void {
    let listeners = this.#topics.get(topic);
    if (!listeners) {
      listeners = new Set();
      this.#topics.set(topic, listeners);
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  #broadcastTo(topic: string | null, key: string | null, local: boolean) {
    for (const [name, listeners] of this.#topics) {
      if (topic !== null && name !== topic) continue;
      for (const listener of listeners) {
        try {
          listener(key, local);
        } catch (error) {
          this.#log('broadcast listener failed', error);
        }
      }
    }
  }

  stats(): HubStats {
    return {
      sockets: this.#bySocket.size,
      dropped_slow: this.#droppedSlow,
      listening: this.#client !== undefined,
      reconnects: this.#reconnects,
    };
  }

  /** The LISTEN connection's backend pid (tests end it to prove the reconnect). */
  async listenerPid(): Promise<number | null> {
    if (!this.#client) return null;
    const { rows } = await this.#client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return rows[0]?.pid ?? null;
  }

  #connect(): Promise<void> {
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<void> {
    // Back after a loss: live notifications wait behind the catch-up, or an older missed one
    // would arrive after a newer live one and be taken for a repeat.
    const held = this.#everConnected ? this.#holdAll() : [];
    const client = new pg.Client({
      connectionString: this.#options.databaseUrl ?? undefined,
      application_name: 'atrium-listen',
    });
    client.on('error', (error) => this.#log('notification listener lost its connection', error));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => {
      if (message.channel === notificationChannel && message.payload) this.#announced(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${notificationChannel}`);
    } catch (error) {
      this.#log('notification listener could not connect', error);
      this.#releaseAll(held);
      await client.end().catch(() => {});
      this.#scheduleReconnect();
      return;
    }
    if (this.#closing) {
      this.#releaseAll(held);
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#attempt = 0;
    // What was committed while nobody listened is read back for every socket.
    if (this.#everConnected) {
      this.#reconnects += 1;
      this.#broadcastTo(null, null, false);
      await this.#catchUp(held);
    }
    this.#everConnected = true;
  }

  /** Live notifications of these sockets wait (in `pending`) until `#releaseAll`. */
  #holdAll(): Subscriber[] {
    const held = [...this.#bySocket.values()].filter((subscriber) => subscriber.pending === null);
    for (const subscriber of held) subscriber.pending = [];
    return held;
  }

  #releaseAll(held: Subscriber[]) {
    for (const subscriber of held) {
      const waiting = subscriber.pending ?? [];
      subscriber.pending = null;
      for (const wire of waiting) this.#deliver(subscriber, wire);
    }
  }

  #lost(client: pg.Client) {
    if (this.#client !== client) return;
    this.#client = undefined;
    if (!this.#closing) this.#scheduleReconnect();
  }

  #scheduleReconnect() {
    if (this.#closing || this.#reconnectTimer) return;
    const delay = Math.min(100 * 2 ** this.#attempt, 10_000) * (0.5 + Math.random() / 2);
    this.#attempt += 1;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      void this.#connect();
    }, delay);
  }

  /** Sends each held socket what followed its last id, in order, then what arrived meanwhile. */
  async #catchUp(held: Subscriber[]) {
    const byUser = new Map<string, Subscriber[]>();
    for (const subscriber of held)
      byUser.set(subscriber.userId, [...(byUser.get(subscriber.userId) ?? []), subscriber]);
    for (const [userId, subscribers] of byUser) {
      const after = Math.min(...subscribers.map((subscriber) => subscriber.lastSentId));
      try {
        const missed = await findNotificationsAfter(
          this.#options.db,
          userId,
          after,
          this.#options.replayLimit,
        );
        for (const view of missed) {
          const wire = wireOf(view);
          for (const subscriber of subscribers) {
            if (wire.id > subscriber.lastSentId && this.#send(subscriber, wire.text))
              subscriber.lastSentId = wire.id;
          }
        }
      } catch (error) {
        this.#log('notification catch-up failed', error);
      }
      this.#releaseAll(subscribers);
    }
  }

  #announced(payload: string) {
    let message: AnnouncedNotification | AnnouncedRead | AnnouncedSignal | AnnouncedBroadcast;
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      return;
    }
    if (message.kind === 'broadcast') {
      this.#broadcastTo(message.topic, message.key, message.origin === this.#origin);
      return;
    }
    if (message.kind === 'signal') {
      // Not stored, so not replayed: sent to whoever is connected now, as a control message.
      const text = controlMessage(message.type, message.data);
      for (const userId of message.user_ids) {
        for (const subscriber of this.#byUser.get(userId) ?? []) this.#send(subscriber, text);
      }
      return;
    }
    const subscribers = this.#byUser.get(message.user_id);
    if (!subscribers || subscribers.size === 0) return;
    if (message.kind === 'read') {
      const text = controlMessage('notifications.read', { ids: message.ids });
      for (const subscriber of subscribers) if (subscriber.pending === null) this.#send(subscriber, text);
      return;
    }
    if (message.type === undefined) {
      // Too large for NOTIFY's payload: only its id came; read the rest.
      void getNotificationById(this.#options.db, message.id)
        .then((found) => {
          if (found) for (const subscriber of subscribers) this.#deliver(subscriber, wireOf(found.view));
        })
        .catch((error) => this.#log('notification read failed', error));
      return;
    }
    const wire = wireOf({
      id: message.id,
      type: message.type,
      title_key: titleKeyOf(message.type),
      params: message.params ?? {},
      link: message.link ?? null,
      entity: message.entity ?? '',
      entity_id: message.entity_id ?? null,
      created_at: new Date(message.created_at ?? Date.now()),
      read_at: null,
    });
    for (const subscriber of subscribers) this.#deliver(subscriber, wire);
  }

  #deliver(subscriber: Subscriber, wire: WireNotification) {
    if (subscriber.pending) {
      subscriber.pending.push(wire);
      return;
    }
    if (wire.id <= subscriber.lastSentId) return;
    if (this.#send(subscriber, wire.text)) subscriber.lastSentId = wire.id;
  }

  /** Never waits: over the cap, the socket is closed (4408) and forgotten. */
  #send(subscriber: Subscriber, text: string): boolean {
    const { socket } = subscriber;
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > this.#options.maxBufferedBytes) {
      this.#dropSlow(subscriber);
      return false;
    }
    socket.send(text);
    return true;
  }

  #dropSlow(subscriber: Subscriber) {
    this.#droppedSlow += 1;
    this.#remove(subscriber.socket);
    // The close frame waits behind the unsent bytes; ws destroys the socket if no answer comes.
    subscriber.socket.close(closeCodes.tooSlow, 'too slow');
  }

  /**
   * A socket of this user joins. With `resumeAfter`, what followed that id is sent first, in
   * order; without, only what comes next. Live notifications arriving meanwhile wait and
   * follow the backlog without repeats.
   */
  async add(socket: WebSocket, userId: string, resumeAfter: number | null): Promise<void> {
    const subscriber: Subscriber = { socket, userId, lastSentId: 0, pending: [], alive: true };
    this.#bySocket.set(socket, subscriber);
    let forUser = this.#byUser.get(userId);
    if (!forUser) {
      forUser = new Set();
      this.#byUser.set(userId, forUser);
    }
    forUser.add(subscriber);
    socket.on('pong', () => {
      subscriber.alive = true;
    });
    socket.on('close', () => this.#remove(socket));
    await this.#replay(subscriber, resumeAfter);
  }

  /** A client asking again mid-connection (`{resume_after}` as a message). */
  async resume(socket: WebSocket, resumeAfter: number): Promise<void> {
    const subscriber = this.#bySocket.get(socket);
    if (!subscriber || subscriber.pending) return;
    subscriber.pending = [];
    await this.#replay(subscriber, resumeAfter);
  }

  async #replay(subscriber: Subscriber, resumeAfter: number | null) {
    const { db, replayLimit } = this.#options;
    try {
      if (resumeAfter === null) {
        subscriber.lastSentId = Math.max(
          subscriber.lastSentId,
          await latestNotificationId(db, subscriber.userId),
        );
      } else {
        // An id from the future (another database, a forged one) would hide what comes next.
        subscriber.lastSentId = Math.min(resumeAfter, await latestNotificationId(db, subscriber.userId));
        const missed = await findNotificationsAfter(
          db,
          subscriber.userId,
          subscriber.lastSentId,
          replayLimit,
        );
        for (const view of missed) {
          const wire = wireOf(view);
          if (this.#send(subscriber, wire.text)) subscriber.lastSentId = wire.id;
        }
      }
    } catch (error) {
      this.#log('notification replay failed', error);
    }
    const waiting = subscriber.pending ?? [];
    subscriber.pending = null;
    for (const wire of waiting) this.#deliver(subscriber, wire);
    this.#send(subscriber, controlMessage('ready', { last_id: subscriber.lastSentId }));
  }

  #remove(socket: WebSocket) {
    const subscriber = this.#bySocket.get(socket);
    if (!subscriber) return;
    this.#bySocket.delete(socket);
    const forUser = this.#byUser.get(subscriber.userId);
    forUser?.delete(subscriber);
    if (forUser?.size === 0) this.#byUser.delete(subscriber.userId);
  }

  #beat() {
    for (const subscriber of [...this.#bySocket.values()]) {
      const { socket } = subscriber;
      if (!subscriber.alive) {
        this.#remove(socket);
        socket.terminate();
        continue;
      }
      if (socket.bufferedAmount > this.#options.maxBufferedBytes) {
        this.#dropSlow(subscriber);
        continue;
      }
      subscriber.alive = false;
      socket.ping();
    }
  }

  /** Stops listening and closes every socket (1001); run from the app's onClose. */
  async close(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#reconnectTimer);
    await this.#connecting;
    for (const socket of [...this.#bySocket.keys()]) {
      this.#remove(socket);
      socket.close(closeCodes.goingAway, 'server shutting down');
    }
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}
