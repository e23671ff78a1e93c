export {
  generateSelfSignedP12,
  loadSigningCertificate,
  type SigningCertificate,
} from './signatures.certificate.ts';
export {
  sealSignatureRequest,
  signatureEventHandlers,
  signatureMailAttachments,
} from './signatures.completion.ts';
export { signaturesExportSection } from './signatures.export.ts';
export type { ProviderStatusUpdate, SignatureProvider, SignatureProviders } from './signatures.providers.ts';
export { drawnSignatureStep } from './signatures.quote-step.ts';
export { quoteSignatureRoutes } from './signatures.quotes.routes.ts';
export { quoteSignatureEventHandlers, settleSignedQuote } from './signatures.quotes.ts';
export { awaitingSignatureCountSql } from './signatures.read.ts';
export { signatureRoutes } from './signatures.routes.ts';
export { once, type SignatureSettings } from './signatures.settings.ts';
export { signature_events, signature_requests, signature_signers } from './signatures.tables.ts';
