import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { recordChange } from '../changes/index.ts';
import { company_logo } from './settings.tables.ts';

/** What an upload may weigh, before normalisation. */
export const logoMaxUploadBytes = 2 * 1024 * 1024;
const allowedTypes = ['image/png', 'image/jpeg', 'image/webp'];
const maxWidth = 600;
const maxHeight = 200;

export type CompanyLogo = { png: Buffer; sha256: string; width: number; height: number };

/** The logo as stored (normalised PNG), or undefined when none. No access check: mail and PDFs print it. */
export async function getCompanyLogo(ctx: Ctx): Promise<CompanyLogo | undefined> {
  const [row] = await ctx.db
    .select({
      png: company_logo.png,
      sha256: company_logo.sha256,
      width: company_logo.width,
      height: company_logo.height,
    })
    .from(company_logo)
    .where(eq(company_logo.singleton, true));
  return row;
}

/** The logo's digest, for the settings response, without its bytes. */
export async function getCompanyLogoSha256(ctx: Ctx): Promise<string | null> {
  const [row] = await ctx.db
    .select({ sha256: company_logo.sha256 })
    .from(company_logo)
    .where(eq(company_logo.singleton, true));
  return row?.sha256 ?? null;
}

/** Type from the content (never the name or header), then a PNG fitting 600×200, aspect kept, never enlarged. */
async function normalise(bytes: Buffer): Promise<Omit<CompanyLogo, 'sha256'>> {
  if (bytes.length === 0) {
    throw new AppError('logo.empty', 'The file is empty', undefined, [
      { path: 'file', message: 'Empty file' },
    ]);
  }
  if (bytes.length > logoMaxUploadBytes) {
    throw new AppError('logo.too_large', 'The logo must weigh 2 MB or less', undefined, [
      { path: 'file', message: 'At most 2 MB' },
    ]);
  }
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || !allowedTypes.includes(detected.mime)) {
    throw new AppError('logo.type_not_allowed', 'The logo must be a PNG, JPEG or WebP image', undefined, [
      { path: 'file', message: 'PNG, JPEG or WebP only' },
    ]);
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: 40_000_000 })
      .rotate()
      .resize({ width: maxWidth, height: maxHeight, fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch {
    // The header said image, the rest is not one (truncated, corrupt).
    throw new AppError('logo.type_not_allowed', 'The image could not be read', undefined, [
      { path: 'file', message: 'Unreadable image' },
    ]);
  }
}

/** Replaces the logo (admin); recorded as `settings.logo_updated` (audit and outbox, no customer). */
export async function setCompanyLogo(ctx: Ctx, bytes: Buffer): Promise<{ sha256: string }> {
  const logo = await normalise(bytes);
  const sha256 = createHash('sha256').update(logo.png).digest('hex');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const values = { ...logo, sha256, updated_at: now, updated_by: ctx.actor.id };
    await tx
      .insert(company_logo)
      .values({ singleton: true, ...values })
      .onConflictDoUpdate({ target: company_logo.singleton, set: values });
    await recordChange(
      { ...ctx, db: tx },
      {
        event: 'settings.logo_updated',
        entity: 'company_settings',
        entity_id: null,
        customer_id: null,
        changed_fields: ['logo'],
        activity: null,
        payload: { sha256, width: logo.width, height: logo.height },
      },
    );
    return { sha256 };
  });
}

/** Removes the logo (admin); idempotent, recorded only when there was one. */
export async function deleteCompanyLogo(ctx: Ctx): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(company_logo)
      .where(eq(company_logo.singleton, true))
      .returning({ sha256: company_logo.sha256 });
    if (!removed.length) return;
    await recordChange(
      { ...ctx, db: tx },
      {
        event: 'settings.logo_removed',
        entity: 'company_settings',
        entity_id: null,
        customer_id: null,
        changed_fields: ['logo'],
        activity: null,
        payload: { sha256: removed[0]!.sha256 },
      },
    );
  });
}
