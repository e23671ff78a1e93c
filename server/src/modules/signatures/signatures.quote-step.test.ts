import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { systemActor } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { blankPng, inkedPng, testSignatureSettings } from './signatures.fixtures.ts';
import { drawnSignatureStep } from './signatures.quote-step.ts';

let settings: Awaited<ReturnType<typeof testSignatureSettings>>;
beforeAll(async () => {
  settings = await testSignatureSettings();
});
afterAll(async () => {
  await rm(settings.dir, { recursive: true, force: true });
});

// The step writes no rows: a context without a database is enough here.
const ctx = { db: undefined as unknown as Db, actor: systemActor, clock: systemClock };
const input = (signature: string | null) => ({
  quote_id: '0190a000-0000-7000-8000-000000000003',
  customer_id: '0190a000-0000-7000-8000-000000000004',
  signer_name: 'Éric Tremblay',
  signature,
  via: 'public' as const,
});

describe('the drawn signature step (for quotes)', () => {
  it('keeps an inked PNG and returns its reference', async () => {
    const step = drawnSignatureStep(settings);
    const png = await inkedPng();
    const result = await step.beforeAccept(ctx, input(`data:image/png;base64,${png.toString('base64')}`));
    expect(result.signature_reference).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await settings.documents.storage.exists(result.signature_reference!.slice(7))).toBe(true);
  });

  it('takes the name alone when the drawing is optional (the default), and refuses none when required', async () => {
    expect(await drawnSignatureStep(settings).beforeAccept(ctx, input(null))).toEqual({
      signature_reference: null,
    });
    expect(await drawnSignatureStep(settings).beforeAccept(ctx, input(''))).toEqual({
      signature_reference: null,
    });
    await expect(
      drawnSignatureStep(settings, { required: true }).beforeAccept(ctx, input(null)),
    ).rejects.toMatchObject({ status: 422, errors: [{ path: 'signature' }] });
  });

  it('refuses a blank one and a non-PNG, naming the field', async () => {
    const step = drawnSignatureStep(settings);
    await expect(step.beforeAccept(ctx, input((await blankPng()).toString('base64')))).rejects.toMatchObject({
      code: 'signature.blank',
      errors: [{ path: 'signature' }],
    });
    await expect(
      step.beforeAccept(ctx, input(Buffer.from('not an image').toString('base64'))),
    ).rejects.toMatchObject({
      code: 'signature.image_invalid',
    });
  });
});
