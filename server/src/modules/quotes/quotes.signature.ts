import type { Ctx } from '../../core/context.ts';

/**
 * The step a quote's acceptance goes through before anything is written, in the accepting
 * transaction: the documents (e-signature) module will plug a drawn signature in here,
 * through the routes' options — quotes never imports it. Throwing an AppError refuses the
 * acceptance (nothing is kept); what it returns is kept on the quote as evidence.
 */
export interface QuoteSignatureStep {
  beforeAccept(
    txCtx: Ctx,
    input: {
      quote_id: string;
      customer_id: string;
      signer_name: string;
      /** What the page sent (a drawn signature), if anything. */
      signature: string | null;
      via: 'staff' | 'public' | 'signature';
    },
  ): Promise<{ signature_reference: string | null }>;
}

/** Until e-signature lands: a typed name is the acceptance. */
export const noSignatureRequired: QuoteSignatureStep = {
  async beforeAccept() {
    return { signature_reference: null };
  },
};
