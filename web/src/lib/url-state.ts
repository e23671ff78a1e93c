/*
 * A list page keeps its filters and page in the URL, so back, reload and shared links keep them.
 * Each page reads its own parameters (their types differ); writing them is the same everywhere.
 */
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

type Changes<Key extends string> = Partial<Record<Key | 'page', string | number | undefined>>;

/**
 * The function that writes changes into the URL. An empty value, or a key's default (given in
 * `defaults`), removes the key. A change that names no page goes back to the first one. The
 * history entry is replaced, so typing in a filter does not fill the back button.
 */
export function useSearchParamsUpdate<Key extends string>(defaults: Partial<Record<Key, string>> = {}) {
  const [, setParams] = useSearchParams();
  return (changes: Changes<Key>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '' || defaults[key as Key] === value) next.delete(key);
          else next.set(key, String(value));
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
}

/** The page the URL names, or the first. */
export function pageParam(params: URLSearchParams): number {
  return Math.max(1, Number(params.get('page')) || 1);
}

/** A parameter that must be one of a list of values; anything else is as if absent. */
export function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/**
 * A text filter typed freely and applied once the user pauses (trimmed). It follows `value`
 * when that changes from elsewhere (back button, "clear filters").
 */
export function useDebouncedInput(
  value: string | undefined,
  apply: (value: string) => void,
  delayMs: number,
) {
  const [text, setText] = useState(value ?? '');
  const [debounced] = useDebouncedValue(text, delayMs);
  const applied = useRef(value ?? '');
  useEffect(() => {
    if (debounced.trim() !== applied.current) {
      applied.current = debounced.trim();
      apply(debounced.trim());
    }
  }, [debounced, apply]);
  useEffect(() => {
    if ((value ?? '') !== applied.current) {
      applied.current = value ?? '';
      setText(value ?? '');
    }
  }, [value]);
  return [text, setText] as const;
}
