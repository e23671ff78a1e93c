import type { TFunction } from 'i18next';
import { contactChannels, privacyLevels } from './customers.types';

export const languageCodes = ['fr-CA', 'en-CA', 'fr', 'en'] as const;

export function languageOptions(t: TFunction, current?: string) {
  const options: { value: string; label: string }[] = languageCodes.map((value) => ({
    value,
    label: t(`languages.${value}`),
  }));
  if (current && !(languageCodes as readonly string[]).includes(current))
    options.push({ value: current, label: current });
  return options;
}

export function privacyOptions(t: TFunction) {
  return privacyLevels.map((value) => ({ value, label: t(`privacyLevels.${value}`) }));
}

export function channelOptions(t: TFunction) {
  return contactChannels.map((value) => ({ value, label: t(`channels.${value}`) }));
}

let zones: string[] | undefined;

/** Every IANA time zone the browser knows, Canadian ones first. */
export function timezoneOptions(): { group: string; items: string[] }[] {
  zones ??= Intl.supportedValuesOf('timeZone');
  const canadian = [
    'America/Montreal',
    'America/Toronto',
    'America/Halifax',
    'America/Moncton',
    'America/St_Johns',
    'America/Winnipeg',
    'America/Regina',
    'America/Edmonton',
    'America/Vancouver',
    'America/Whitehorse',
  ];
  const others = zones.filter((zone) => !canadian.includes(zone));
  return [
    { group: 'Canada', items: canadian },
    { group: '—', items: ['UTC', ...others.filter((zone) => zone !== 'UTC')] },
  ];
}
