import { Readable } from 'node:stream';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { SignatureSettings } from './signatures.settings.ts';
import { validateSignaturePng } from './signatures.signer.ts';

/**
 * A drawn signature as the acceptance step of another module's flow — shaped like quotes'
 * `QuoteSignatureStep` (structurally: quotes is not imported), to be handed to quotes' routes
 * in app.ts. The PNG is checked like a signer's (real PNG, size, ink: 422 naming `signature`)
 * and kept in the content store; its SHA-256 is the reference the quote keeps as evidence.
 * Unless `required`, an acceptance without a drawing (the typed name alone) goes through: the
 * quote's page offers the pad as an optional step.
 */
export function drawnSignatureStep(
  settings: Pick<SignatureSettings, 'documents'>,
  options: { required: boolean } = { required: false },
) {
  return {
    async beforeAccept(
      _txCtx: Ctx,
      input: { signature: string | null; signer_name: string },
    ): Promise<{ signature_reference: string | null }> {
      if (!input.signature) {
        if (!options.required) return { signature_reference: null };
        throw new AppError('signature.image_invalid', 'A drawn signature is required', undefined, [
          { path: 'signature', message: 'Draw your signature' },
        ]);
      }
      let png: Buffer;
      try {
        png = await validateSignaturePng(input.signature);
      } catch (error) {
        if (error instanceof AppError && error.errors) {
          throw new AppError(
            error.code,
            error.message,
            error.details,
            error.errors.map((item) => ({ ...item, path: 'signature' })),
          );
        }
        throw error;
      }
      const { sha256 } = await settings.documents.storage.put(Readable.from([png]));
      return { signature_reference: `sha256:${sha256}` };
    },
  };
}
