export { addressCreateSchema, countrySchema, normalisePostalCode } from './addresses.schemas.ts';
export { createAddress, findAddresses } from './addresses.service.ts';
export { contactCreateSchema } from './contacts.schemas.ts';
export { createContact, findContacts } from './contacts.service.ts';
export { withCustomerLocked } from './customer-parts.service.ts';
export { exportCustomerRecords, scrubCustomerPersonalData } from './customers.privacy.ts';
export { customerRoutes } from './customers.routes.ts';
export { customerCreateSchema, customerSchema, privacyLevels } from './customers.schemas.ts';
export {
  auditConfidentialReads,
  type Customer,
  canSeeCustomer,
  createCustomer,
  customerColumns,
  findCustomerByEmail,
  getCustomerOrThrow,
  getCustomersByIds,
  visibleCustomers,
} from './customers.service.ts';
export { customer_addresses, customer_contacts, customer_vehicles, customers } from './customers.tables.ts';
export { vehicleCreateSchema } from './vehicles.schemas.ts';
export { createVehicle, findVehicles } from './vehicles.service.ts';
