import { onEvent } from '../../core/events.ts';
import type { JobDefinition } from '../../core/jobs.ts';
import { purgeCustomerDocuments, purgeExpiredDocuments } from './documents.lifecycle.ts';
import type { DocumentSettings } from './documents.service.ts';

/** Daily, at 03:40 UTC: documents deleted past their retention date lose their content. */
export function documentJobs(settings: DocumentSettings): JobDefinition[] {
  return [
    {
      name: 'documents.purge-expired',
      cron: '40 3 * * *',
      handler: (ctx) => purgeExpiredDocuments(ctx, settings.storage),
    },
  ];
}

/** Anonymizing a customer removes their documents, except those on legal hold. */
export function documentEventHandlers(settings: DocumentSettings) {
  return [
    onEvent('customer.anonymized', 'documents.purge_customer', async (ctx, event) => {
      if (event.customer_id) await purgeCustomerDocuments(ctx, settings.storage, event.customer_id);
    }),
  ];
}
