export { type CompanyLogo, getCompanyLogo } from './settings.logo.ts';
export { settingsRoutes } from './settings.routes.ts';
export {
  type CompanySettings,
  canadianProvinces,
  formatRegistrationNumber,
  type TaxProfileCode,
  taxProfileCodes,
} from './settings.schemas.ts';
export { companySettingsDefaults, getCompanySettings, getCompanyTaxProfile } from './settings.service.ts';
export { company_logo, company_settings } from './settings.tables.ts';
