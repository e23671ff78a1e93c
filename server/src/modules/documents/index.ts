export { documentsExportSection } from './documents.export.ts';
export { documentRoutes } from './documents.routes.ts';
export type { DocumentSettings } from './documents.service.ts';
export {
  customer_document_access_log,
  customer_document_versions,
  customer_documents,
} from './documents.tables.ts';
