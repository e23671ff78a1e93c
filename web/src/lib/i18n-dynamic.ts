import type { TFunction } from 'i18next';
import { i18n } from '../i18n';

/** For keys built at run time (event names from the server): translated if known, else undefined. */
export function translateIfKnown(
  t: TFunction,
  key: string,
  options?: Record<string, unknown>,
): string | undefined {
  if (!i18n.exists(key)) return undefined;
  return (t as unknown as (key: string, options?: Record<string, unknown>) => string)(key, options);
}
