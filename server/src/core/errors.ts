/**
 * One table of error codes and their HTTP status. Services throw AppError with a code;
 * the HTTP error handler turns it into problem+json.
 */
const statusByCode = {
  'request.invalid': 400,
  'auth.unauthenticated': 401,
  'auth.forbidden': 403,
  'auth.rate_limited': 429,
  'resource.not_found': 404,
  'customer.not_found': 404,
  'customer.matricule_taken': 409,
  'customer.archived': 422,
  'customer.anonymized': 422,
  'contact.not_found': 404,
  'address.not_found': 404,
  'vehicle.not_found': 404,
  'vehicle.vin_taken': 409,
  'user.email_taken': 409,
  'event.not_found': 404,
  'event.not_failed': 409,
  'incident.not_found': 404,
  'incident.closed': 409,
  'incident.risk_decision_required': 422,
  'incident.cai_notification_required': 422,
  'finances.currency_locked': 422,
  'payment_method.not_found': 404,
  'payment_method.token_taken': 409,
  'ledger.already_booked': 409,
  'ledger.currency_mismatch': 422,
  'request.conflict': 409,
  'request.too_large': 413,
  'audit.transaction_ids_behind': 422,
  'request.rate_limited': 429,
  'product.not_found': 404,
  'product.sku_taken': 409,
  'product.archived': 422,
  'promo_code.not_found': 404,
  'promo_code.code_taken': 409,
  'promo_code.redeemed': 409,
  // Redeeming a code (invoice finalization): the business rule that refused it.
  'promo.not_found': 422,
  'promo.inactive': 422,
  'promo.not_started': 422,
  'promo.expired': 422,
  'promo.exhausted': 422,
  'promo.below_minimum': 422,
  'promo.already_used': 422,
  'invoice.not_found': 404,
  'invoice.not_draft': 409,
  'invoice.already_finalized': 409,
  'invoice.no_lines': 422,
  'invoice.credit_limit_exceeded': 422,
  'invoice.not_payable': 409,
  'payment.idempotency_key_reused': 422,
  'payment.exceeds_balance': 422,
  'payment.online_unavailable': 409,
  // A refund arrived before the payment it refunds: the provider delivers it again later.
  'payment.not_recorded': 409,
  'payment.provider_refused': 422,
  'payment.provider_unavailable': 502,
  'webhook.signature_invalid': 400,
  // Support tickets.
  'ticket.not_found': 404,
  'notification.not_found': 404,
  'ticket.invalid_transition': 409,
  'ticket.closed': 409,
  // Customer statements (billing/pdf).
  'statement.too_long': 422,
  'invoice.not_voidable': 409,
  'invoice.not_creditable': 409,
  'credit_note.not_found': 404,
  'credit_note.exceeds_invoice': 422,
  // Customer documents.
  'document.not_found': 404,
  'document.version_not_found': 404,
  'document.empty': 400,
  'document.multipart_required': 415,
  'document.file_required': 400,
  'document.too_large': 413,
  'document.type_not_allowed': 415,
  'document.integrity_failed': 409,
  'document.content_missing': 409,
  'document.no_preview': 422,
  'document.deleted': 409,
  'document.content_changed': 409,
  // The company logo (settings).
  'logo.not_found': 404,
  'logo.empty': 400,
  'logo.file_required': 400,
  'logo.multipart_required': 415,
  'logo.too_large': 413,
  'logo.type_not_allowed': 415,
  // Mail (the outbox) and invoices sent by email.
  'email.not_found': 404,
  'email.not_failed': 409,
  'invoice.not_sendable': 409,
  'invoice.no_email': 422,
  // Dunning.
  'dunning.as_of_in_future': 422,
  // Recurring invoices.
  'recurring_invoice.not_found': 404,
  'recurring_invoice.ended': 409,
  'recurring_invoice.has_invoices': 409,
  'recurring_invoice.started': 422,
  'recurring_invoice.as_of_in_future': 422,
  // Contracts, claims and claim conversations.
  'contract.not_found': 404,
  'contract.number_taken': 409,
  'claim.not_found': 404,
  'claim.invalid_transition': 409,
  'claim.contract_inactive': 422,
  'claim.reimbursement_required': 422,
  'conversation.not_found': 404,
  'conversation.locked': 423,
  'conversation.not_escalated': 409,
  'conversation.taken': 409,
  'conversation.not_taken': 409,
  // Quotes and orders.
  'quote.not_found': 404,
  'quote.not_draft': 409,
  'quote.not_sent': 409,
  'quote.already_accepted': 409,
  'quote.declined': 409,
  'quote.expired': 422,
  'quote.no_lines': 422,
  'quote.no_email': 422,
  'order.not_found': 404,
  'order.cancelled': 409,
  'order.fully_invoiced': 409,
  'order.quantity_exceeded': 422,
  // Signature requests and the signer's page.
  'signature_request.not_found': 404,
  'signature_request.closed': 409,
  'signature.not_pdf': 422,
  'signature.pdf_unreadable': 422,
  'signature.provider_unknown': 404,
  'signature.token_invalid': 404,
  'signature.request_expired': 409,
  'signature.request_cancelled': 409,
  'signature.request_declined': 409,
  'signature.request_completed': 409,
  'signature.out_of_order': 409,
  'signature.already_signed': 409,
  'signature.already_declined': 409,
  'signature.code_required': 403,
  'signature.code_not_required': 422,
  'signature.code_expired': 422,
  'signature.code_invalid': 422,
  'signature.code_locked': 429,
  'signature.image_invalid': 422,
  'signature.blank': 422,
  'signature_request.quote_pending': 409,
} as const;

export type ErrorCode = keyof typeof statusByCode;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly errors: FieldError[] | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, errors?: FieldError[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = statusByCode[code];
    this.details = details;
    this.errors = errors;
  }
}

/** Field errors found below the route layer (a rule across fields, a stored value): a 400 naming each field. */
export function invalidFields(errors: FieldError[]): AppError {
  return new AppError(
    'request.invalid',
    errors.map((error) => `${error.path}: ${error.message}`).join('; '),
    undefined,
    errors,
  );
}
