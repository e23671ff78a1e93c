import type { Ctx } from '../../core/context.ts';
import type { RequestRow, SignerRow } from './signatures.read.ts';
import type { SignatureStatus } from './signatures.tables.ts';

/** What a provider reports from a webhook, already in Atrium's words. */
export interface ProviderStatusUpdate {
  provider_reference: string;
  /** The signer by email (external providers do not know Atrium's ids); null for the whole request. */
  signer_email: string | null;
  status: SignatureStatus;
  at: Date;
  ip: string | null;
  user_agent: string | null;
  /** The signed PDF when the provider finished and returned it (it is then sealed as usual). */
  signed_pdf?: Buffer;
}

/**
 * The seam for whoever collects the signatures. `internal` (built in) emails each signer a
 * link to Atrium's own signer page. DocuSign or Adobe Sign would be another implementation
 * registered in app.ts: `send` creates their envelope (documents are read through the
 * documents module's index, nothing there changes) and returns its id; their webhook route
 * (`POST /api/v1/signature-providers/{name}/webhook`, to add with the first such provider)
 * hands the raw call to `handleWebhook`, which authenticates it (their HMAC) and maps their
 * statuses with `mapStatus`; the updates are then applied with the same events, hash chain
 * and completion as the internal flow.
 */
export interface SignatureProvider {
  readonly name: string;
  /**
   * Inside the creating (or reminding) transaction: deliver the request to these signers.
   * Returns the provider's reference for the request and, for the internal provider, the
   * signing links it made (shown once to the sender).
   */
  send(
    txCtx: Ctx,
    input: { request: RequestRow; signers: SignerRow[]; reminder: boolean },
  ): Promise<{ reference: string | null; signing_urls: Map<string, string> }>;
  /** Authenticates a webhook call and reads what changed; the internal provider has none. */
  handleWebhook(input: {
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }): Promise<ProviderStatusUpdate[]>;
  /** The provider's status word in Atrium's statuses (null: nothing to record). */
  mapStatus(external: string): SignatureStatus | null;
}

export type SignatureProviders = Record<string, SignatureProvider>;
