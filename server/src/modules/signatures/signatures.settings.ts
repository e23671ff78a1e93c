import type { DocumentSettings } from '../documents/index.ts';
import type { SigningCertificate } from './signatures.certificate.ts';
import type { SignatureProviders } from './signatures.providers.ts';

/** What the signatures module needs from the outside (built in app.ts / jobs.ts from the configuration). */
export interface SignatureSettings {
  documents: DocumentSettings;
  /** The sealing certificate, read (or made) once and kept. */
  certificate: () => Promise<SigningCertificate>;
  /** The public address signers and verifiers reach (ATRIUM_BASE_URL). */
  base_url: string;
  /** Keys the signing tokens and email codes (ATRIUM_SECRET). */
  secret: string;
  providers: SignatureProviders;
}

/** Loads a value once, on first use; a failure is not kept (the next call tries again). */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
