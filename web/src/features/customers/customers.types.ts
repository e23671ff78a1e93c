import { everyValueOf, type QueryOf, type Schema } from '../../lib/api-types';

export type Customer = Schema<'Customer'>;
export type Contact = Schema<'CustomerContact'>;
export type Address = Schema<'CustomerAddress'>;
export type Vehicle = Schema<'CustomerVehicle'>;
export type CustomerListParams = Omit<QueryOf<'listCustomers'>, 'cursor'>;

export type CustomerKind = Customer['kind'];
export type PrivacyLevel = Customer['privacy_level'];
export type ContactChannel = Customer['preferred_contact_channel'];
export type CustomerSort = NonNullable<CustomerListParams['sort']>;
export type ArchivedFilter = NonNullable<CustomerListParams['archived']>;
export type DeliveryWindow = Address['delivery_windows'][number];
export type WeekDay = DeliveryWindow['day'];

// In the order the UI offers them.
export const customerKinds = everyValueOf<CustomerKind>()(['individual', 'company']);
export const privacyLevels = everyValueOf<PrivacyLevel>()(['normal', 'restreint', 'confidentiel']);
export const contactChannels = everyValueOf<ContactChannel>()(['email', 'sms', 'phone', 'none']);
export const customerSorts = everyValueOf<CustomerSort>()(['name', '-name', 'created_at', '-created_at']);
export const archivedFilters = everyValueOf<ArchivedFilter>()(['exclude', 'include', 'only']);
export const weekDays = everyValueOf<WeekDay>()(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export type PartKind = 'contacts' | 'addresses' | 'vehicles';
export interface PartOf {
  contacts: Contact;
  addresses: Address;
  vehicles: Vehicle;
}
