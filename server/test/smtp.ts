import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Ctx } from '../src/core/context.ts';
import { recordConsent } from '../src/modules/privacy/index.ts';

/**
 * A real SMTP server on the loopback, for tests: it asks for a password (as a provider
 * does), keeps every message it accepted, parsed by mailparser, and can be told to refuse
 * recipients with an SMTP code.
 */
export interface TestSmtp {
  /** smtp://user:pass@127.0.0.1:port */
  url: string;
  messages: ParsedMail[];
  /** Set: every RCPT TO is answered with this code (550: no such mailbox). */
  refuseWith: number | null;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const state: { refuseWith: number | null } = { refuseWith: null };
  const server = new SMTPServer({
    // Plain SMTP on the loopback: no STARTTLS certificate to trust, so authentication over it is allowed.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'atrium' && auth.password === 'secret-pass')
        return callback(null, { user: 'atrium' });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, callback) {
      if (state.refuseWith) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = state.refuseWith;
        return callback(error);
      }
      return callback();
    },
    onData(stream, _session, callback) {
      // The HTML as sent: inline images stay `cid:` references (not turned into data URLs).
      simpleParser(stream, { keepCidLinks: true })
        .then((parsed) => {
          messages.push(parsed);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://atrium:secret-pass@127.0.0.1:${port}`,
    messages,
    get refuseWith() {
      return state.refuseWith;
    },
    set refuseWith(code) {
      state.refuseWith = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An address where nothing listens (a server started, then stopped): connections are refused. */
export async function closedSmtpUrl(): Promise<string> {
  const server = new SMTPServer({ logger: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `smtp://127.0.0.1:${port}`;
}

/** The customer agrees to service notifications (invoices, reminders), as its mail needs. */
export async function grantServiceNotifications(ctx: Ctx, customerId: string) {
  await recordConsent(ctx, customerId, {
    consent_type: 'service_notifications',
    is_granted: true,
    source: 'web',
  });
}
