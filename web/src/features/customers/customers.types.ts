export const customerKinds = ['individual', 'company'] as const;
export const privacyLevels = ['normal', 'restreint', 'confidentiel'] as const;
export const contactChannels = ['email', 'sms', 'phone', 'none'] as const;
export const customerSorts = ['name', '-name', 'created_at', '-created_at'] as const;
export const archivedFilters = ['exclude', 'include', 'only'] as const;

export type CustomerKind = (typeof customerKinds)[number];
export type PrivacyLevel = (typeof privacyLevels)[number];
export type ContactChannel = (typeof contactChannels)[number];
export type CustomerSort = (typeof customerSorts)[number];
export type ArchivedFilter = (typeof archivedFilters)[number];

export interface Customer {
  id: string;
  kind: CustomerKind;
  display_name: string;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  email: string | null;
  phone: string | null;
  matricule: string | null;
  language_code: string;
  timezone: string;
  segments: string[];
  privacy_level: PrivacyLevel;
  preferred_contact_channel: ContactChannel;
  tax_exempt: boolean;
  assigned_user_id: string | null;
  archived_at: string | null;
  anonymized_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Pagination {
  total: number;
  page: number;
  per_page: number;
  pages: number;
  has_next: boolean;
  has_prev: boolean;
  /** false when total is a lower bound (very large lists). */
  total_is_exact?: boolean;
}

export interface Page<T> {
  data: T[];
  pagination: Pagination;
  next_cursor: string | null;
}

export interface CustomerListParams {
  q?: string;
  segment?: string;
  privacy_level?: PrivacyLevel;
  kind?: CustomerKind;
  archived?: ArchivedFilter;
  sort?: CustomerSort;
  page?: number;
  per_page?: number;
}

export interface Contact {
  id: string;
  customer_id: string;
  first_name: string;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  role: string | null;
  is_primary: boolean;
  preferred_contact_channel: ContactChannel;
  created_at: string;
  updated_at: string;
}

export const weekDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekDay = (typeof weekDays)[number];

export interface DeliveryWindow {
  day: WeekDay;
  from: string;
  to: string;
}

export interface Address {
  id: string;
  customer_id: string;
  label: string | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string | null;
  country: string;
  latitude: number | null;
  longitude: number | null;
  delivery_windows: DeliveryWindow[];
  created_at: string;
  updated_at: string;
}

export interface Vehicle {
  id: string;
  customer_id: string;
  vin: string | null;
  plate: string | null;
  make: string | null;
  model: string | null;
  year: number | null;
  mileage: number | null;
  created_at: string;
  updated_at: string;
}

export type PartKind = 'contacts' | 'addresses' | 'vehicles';
export interface PartOf {
  contacts: Contact;
  addresses: Address;
  vehicles: Vehicle;
}
