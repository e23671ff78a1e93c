export { anonymizedName, exportCustomerRecords, scrubCustomerPersonalData } from './customers.privacy.ts';
export { customerRoutes } from './customers.routes.ts';
export { customerSchema, privacyLevels } from './customers.schemas.ts';
export {
  type Customer,
  canSeeCustomer,
  customerColumns,
  getCustomerOrThrow,
  visibleCustomers,
} from './customers.service.ts';
export { customer_addresses, customer_contacts, customer_vehicles, customers } from './customers.tables.ts';
