import { z } from 'zod';
import { optionalText } from '../../core/schemas.ts';

/*
 * PostgreSQL refuses the NUL character in text (a 500 if it gets that far), so free-text
 * fields of contacts, addresses and vehicles refuse it here with a 400.
 */
const noNul = (value: string | null | undefined) => !value?.includes('\u0000');
const noNulMessage = { message: 'Must not contain the NUL character' };

/** Trimmed, non-empty text. */
export function requiredText(max: number) {
  return z.string().trim().min(1, 'Required').max(max).refine(noNul, noNulMessage);
}

/** Trimmed text; empty becomes null. */
export function nullableText(max: number) {
  return optionalText(max).refine(noNul, noNulMessage);
}
