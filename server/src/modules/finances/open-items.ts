import type { Ctx } from '../../core/context.ts';
import type { OpenItem } from './credit.ts';

/**
 * Where the Finances view gets a customer's open invoices, without finances importing
 * billing (billing sits above finances and calls its ledger): app.ts hands the routes a
 * provider, billing's once it issues invoices, and this one until then.
 */
export interface OpenItemsProvider {
  /**
   * The customer's open items (what remains to pay on each open invoice, with its due date),
   * read with `ctx` (the caller's actor and database). null when no module issues invoices:
   * aging, overdue and the score are then unknown (null), never zero.
   */
  openItems(ctx: Ctx, customerId: string): Promise<OpenItem[] | null>;
  /** Invoices settled so far and how many by their due date (the score's on-time ratio). */
  settledRecord?(ctx: Ctx, customerId: string): Promise<{ settled_count: number; on_time_count: number }>;
}

/** No invoices exist yet: nothing is known about open items. */
export const noOpenItemsProvider: OpenItemsProvider = {
  openItems: async () => null,
};
