export { attachableDocuments, type DocumentReference, documentReferences } from './documents.attach.ts';
export { documentsExportSection } from './documents.export.ts';
export { documentEventHandlers, documentJobs } from './documents.jobs.ts';
export { documentRoutes } from './documents.routes.ts';
export { type DocumentSettings, documentSettingsFromConfig } from './documents.service.ts';
export {
  customer_document_access_log,
  customer_document_versions,
  customer_documents,
} from './documents.tables.ts';
