export { attachableDocuments, type DocumentReference, documentReferences } from './documents.attach.ts';
export { documentsExportSection } from './documents.export.ts';
export { documentEventHandlers, documentJobs } from './documents.jobs.ts';
export { type DocumentRow, readDocumentOrThrow, type VersionRow } from './documents.read.ts';
export { documentRoutes } from './documents.routes.ts';
export { type DocumentOut, documentSchema } from './documents.schemas.ts';
export {
  type DocumentSettings,
  documentSettingsFromConfig,
  readDocumentBytes,
  recordDocumentShared,
  storeGeneratedDocument,
} from './documents.service.ts';
export {
  type AccessLevel,
  customer_document_access_log,
  customer_document_versions,
  customer_documents,
} from './documents.tables.ts';
