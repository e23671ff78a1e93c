import 'i18next';
import type { frCA } from './fr-CA';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof frCA };
  }
}
