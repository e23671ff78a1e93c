import { eq } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';
import { queueEmail } from '../mail/index.ts';
import { appendAuditEvent } from './signatures.audit.ts';
import type { SignatureProvider } from './signatures.providers.ts';
import type { SignerRow } from './signatures.read.ts';
import type { SignatureSettings } from './signatures.settings.ts';
import { signature_signers } from './signatures.tables.ts';
import { newNonce, sha256Hex, signingToken } from './signatures.tokens.ts';

export function signingUrl(settings: SignatureSettings, signer: Pick<SignerRow, 'id' | 'token_nonce'>) {
  const token = signingToken(settings.secret, signer.id, signer.token_nonce);
  return { token, url: `${settings.base_url.replace(/\/$/, '')}/sign/${token}` };
}

/**
 * Atrium's own provider: each signer gets an email (through the mail outbox, in the
 * transaction) with their personal link, and a `sent` event in the chain. A reminder first
 * draws a new token (the previous link stops working) and lifts a code lockout.
 */
export function internalProvider(settings: SignatureSettings): SignatureProvider {
  return {
    name: 'internal',
    async send(txCtx, { request, signers, reminder }) {
      const urls = new Map<string, string>();
      const now = txCtx.clock.now();
      for (const original of signers) {
        let signer = original;
        if (reminder) {
          const nonce = newNonce();
          const { token } = signingUrl(settings, { id: signer.id, token_nonce: nonce });
          [signer] = (await txCtx.db
            .update(signature_signers)
            .set({
              token_nonce: nonce,
              token_hash: sha256Hex(token),
              code_attempts: 0,
              code_locked_at: null,
              code_hash: null,
              code_expires_at: null,
            })
            .where(eq(signature_signers.id, signer.id))
            .returning()) as [SignerRow];
        }
        const { url, token } = signingUrl(settings, signer);
        urls.set(signer.id, url);
        await queueEmail(txCtx, {
          kind: 'signature_request',
          customer_id: request.customer_id,
          to: signer.email,
          data: {
            signer_name: signer.name,
            document_title: request.title,
            signing_url: url,
            expires_at: request.expires_at.toISOString(),
            message: request.message,
            reminder,
          },
          // The link signs as this signer: staff reading the outbox must not be able to follow it.
          secrets: [token],
        });
        await txCtx.db
          .update(signature_signers)
          .set({ notified_at: now })
          .where(eq(signature_signers.id, signer.id));
        await appendAuditEvent(txCtx, request.id, {
          event: reminder ? 'reminded' : 'sent',
          signer_id: signer.id,
          ip: txCtx.actor.ip,
          user_agent: txCtx.actor.user_agent,
          data: { channel: 'email' },
        });
      }
      return { reference: null, signing_urls: urls };
    },
    async handleWebhook() {
      throw new AppError('signature.provider_unknown', 'The internal provider takes no webhooks');
    },
    mapStatus: () => null,
  };
}

export function providerOf(settings: SignatureSettings, name: string): SignatureProvider {
  return settings.providers[name] ?? internalProvider(settings);
}
