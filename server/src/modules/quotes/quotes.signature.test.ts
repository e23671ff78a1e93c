import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { createTestQuote, sendTestQuote } from '../../../test/quotes.ts';
import { AppError } from '../../core/errors.ts';
import type { QuoteSignatureStep } from './quotes.signature.ts';

/*
 * The signature step is a dependency the app is given (the documents module will give a
 * drawn-signature one): it runs in the accepting transaction, may refuse, and what it returns
 * is kept as evidence.
 */
const seen: { signer_name: string; signature: string | null; via: string }[] = [];
const signatureStep: QuoteSignatureStep = {
  async beforeAccept(_txCtx, input) {
    seen.push({ signer_name: input.signer_name, signature: input.signature, via: input.via });
    if (!input.signature) {
      throw new AppError('request.invalid', 'A signature is required', undefined, [
        { path: 'signature', message: 'Required' },
      ]);
    }
    return { signature_reference: `signed:${input.signature.length}` };
  },
};

let t: TestApp;
let customerId: string;
beforeAll(async () => {
  t = await createTestApp({ quoteSignature: signatureStep });
  customerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(() => t.close());

describe('the signature step', () => {
  it('refuses an acceptance it does not approve: nothing is made; approved, its reference is kept', async () => {
    const quote = await createTestQuote(t, customerId);
    const { token } = await sendTestQuote(t, quote.id);
    const url = `/api/v1/public/quotes/${token}/accept`;
    const refused = await t.request({ method: 'POST', url, payload: { name: 'Julie' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('signature');
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from orders where quote_id = ${quote.id}`,
    );
    expect(rows[0]!.n).toBe(0);

    const accepted = await t.request({
      method: 'POST',
      url,
      payload: { name: 'Julie', signature: 'data:image/png;base64,AAAA' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(seen.at(-1)).toEqual({
      signer_name: 'Julie',
      signature: 'data:image/png;base64,AAAA',
      via: 'public',
    });
    const { rows: kept } = await t.database.db.execute<{ signature_reference: string }>(
      sql`select signature_reference from quotes where id = ${quote.id}`,
    );
    expect(kept[0]!.signature_reference).toBe('signed:26');
  });
});
