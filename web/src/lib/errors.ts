import type { TFunction } from 'i18next';
import { translateErrorCode, translateServerMessage } from '../i18n';
import { isApiError } from './api';

/** Errors whose field is implied by their code rather than listed in errors[]. */
const fieldOfCode: Record<string, string> = {
  'customer.matricule_taken': 'matricule',
  'vehicle.vin_taken': 'vin',
  'product.sku_taken': 'sku',
  'promo_code.code_taken': 'code',
  'payment.exceeds_balance': 'amount_cents',
};

/** One sentence for a failure, in the user's language. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('errors.generic');
  const known = translateErrorCode(error.code);
  if (known) return known;
  if (error.status === 0) return t('errors.network');
  if (error.status === 403) return t('errors.forbidden');
  if (error.status === 404) return t('errors.notFound');
  if (error.status === 429) return t('errors.rateLimited');
  if (error.status === 409) return t('errors.conflict');
  if (error.status >= 500) return t('errors.generic');
  if (error.errors.length) return t('errors.checkFields');
  return error.detail ? translateServerMessage(error.detail) : t('errors.generic');
}

interface FormLike {
  setErrors(errors: Record<string, string>): void;
}

/**
 * Puts each of the server's field errors next to its field (errors[].path is the form path,
 * e.g. `email` or `delivery_windows.0.from`). Returns what could not be placed, for an alert.
 */
export function applyServerErrors(
  form: FormLike,
  error: unknown,
  fields: readonly string[],
  t: TFunction,
): string | undefined {
  if (!isApiError(error)) return t('errors.generic');
  const placed: Record<string, string> = {};
  let unplaced = false;
  for (const field of error.errors) {
    const root = field.path.split('.')[0] ?? field.path;
    if (fields.includes(field.path) || fields.includes(root)) {
      placed[field.path] ??= translateServerMessage(field.message);
    } else {
      unplaced = true;
    }
  }
  const codeField = fieldOfCode[error.code];
  if (codeField && fields.includes(codeField)) {
    placed[codeField] = translateErrorCode(error.code) ?? error.detail ?? error.code;
  }
  form.setErrors(placed);
  if (Object.keys(placed).length && !unplaced) return undefined;
  if (unplaced && error.errors.length) {
    return error.errors
      .map((field) => `${field.path} : ${translateServerMessage(field.message)}`)
      .join(' · ');
  }
  return errorMessage(error, t);
}
