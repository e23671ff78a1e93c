import { expect } from 'vitest';
import type { Role } from '../src/core/context.ts';
import type { TestApp } from './app.ts';
import { multipart } from './multipart.ts';

/** The smallest PDF file-type recognizes; `text` makes each one's content (and hash) its own. */
export const testPdf = (text = `${Math.random()}`) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${text}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );

/** Uploads a PDF to the customer's Documents through the API (staff by default); it must answer 201. */
export async function uploadTestDocument(
  t: TestApp,
  customerId: string,
  options: {
    bytes?: Buffer;
    name?: string;
    access_level?: string;
    category?: string;
    title?: string;
    as?: Role;
  } = {},
) {
  const name = options.name ?? 'Document.pdf';
  const body = multipart(
    {
      title: options.title ?? name.replace(/\.pdf$/, ''),
      category: options.category ?? 'contract',
      access_level: options.access_level ?? 'staff',
    },
    { name, type: 'application/pdf', bytes: options.bytes ?? testPdf() },
  );
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/customers/${customerId}/documents`,
    as: options.as ?? 'staff',
    headers: body.headers,
    payload: body.payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; title: string; version: { sha256: string; version: number } };
}
