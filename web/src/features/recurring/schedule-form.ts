/*
 * The recurring invoice editor's values: the invoice content is the invoice editor's own
 * (InvoiceValues, so its line components and live totals apply unchanged; the promo code stays
 * empty: a schedule has none), the schedule beside it.
 */
import { centsToInput } from '../../lib/money';
import { emptyLine, emptyValues, type InvoiceValues, quantityText } from '../billing/invoices/invoice-form';
import type { Frequency, ScheduleDetail } from './recurring.api';

export type EndMode = 'never' | 'on' | 'after';

export interface ScheduleValues {
  frequency: Frequency;
  start_date: string;
  end_mode: EndMode;
  end_date: string;
  count: string;
  auto_finalize: boolean;
  auto_send: boolean;
}

export function emptySchedule(today: string): ScheduleValues {
  return {
    frequency: 'monthly',
    start_date: today,
    end_mode: 'never',
    end_date: '',
    count: '12',
    auto_finalize: true,
    auto_send: false,
  };
}

export function scheduleValuesOf(schedule: ScheduleDetail): ScheduleValues {
  return {
    frequency: schedule.frequency,
    start_date: schedule.start_date,
    end_mode: schedule.end_date ? 'on' : schedule.count ? 'after' : 'never',
    end_date: schedule.end_date ?? '',
    count: schedule.count ? String(schedule.count) : '12',
    auto_finalize: schedule.auto_finalize,
    auto_send: schedule.auto_send,
  };
}

const moneyText = (cents: number, locale: string) => (cents ? centsToInput(cents, locale) : '');

/** A saved schedule's content as the invoice editor's values. */
export function contentValuesOf(schedule: ScheduleDetail, locale: string): InvoiceValues {
  return {
    ...emptyValues(schedule.customer_id),
    lines: schedule.lines.map((line) =>
      emptyLine({
        product_id: line.product_id,
        description: line.description,
        quantity: quantityText(line.quantity, locale),
        unit_price_cents: centsToInput(line.unit_price_cents, locale),
        discount_cents: moneyText(line.discount_cents, locale),
        taxable: line.taxable,
      }),
    ),
    invoice_discount_cents: moneyText(schedule.invoice_discount_cents, locale),
    shipping_cents: moneyText(schedule.shipping_cents, locale),
    shipping_taxable: schedule.shipping_taxable,
    notes: schedule.notes ?? '',
  };
}

/** The schedule's part of the body: an end date or a count (the other one null), or neither. */
export function scheduleBody(values: ScheduleValues) {
  const count = Number.parseInt(values.count, 10);
  return {
    frequency: values.frequency,
    start_date: values.start_date,
    end_date: values.end_mode === 'on' ? values.end_date : null,
    count: values.end_mode === 'after' ? (Number.isNaN(count) ? 0 : count) : null,
    auto_finalize: values.auto_finalize,
    auto_send: values.auto_finalize && values.auto_send,
  };
}

/** Today as a calendar date in the viewer's zone ('2026-06-15'). */
export function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
