import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/** An issued invoice made through the API with the page's session (staff or admin): its id and number. */
export async function issueInvoice(
  page: Page,
  customerId: string,
  lines: { description: string; quantity: string; unit_price_cents: number; taxable?: boolean }[],
  baseUrl = inject('baseUrl'),
): Promise<{ id: string; number: string; total_cents: number }> {
  const created = await page.request.post(`${baseUrl}/api/v1/invoices`, {
    data: { customer_id: customerId, lines: lines.map((line) => ({ taxable: true, ...line })) },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const finalized = await page.request.post(`${baseUrl}/api/v1/invoices/${id}/finalize`, { data: {} });
  expect(finalized.status()).toBe(200);
  const { number, total_cents } = (await finalized.json()) as { number: string; total_cents: number };
  return { id, number, total_cents };
}

/** The data-testid of the element that has the focus. */
export function focusedTestId(page: Page) {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
}
