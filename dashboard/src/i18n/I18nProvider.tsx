import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LOCALES, type Locale } from './format.ts';
import { en, interpolate, zh, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'clearline.locale';

export type I18n = {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** A dimension's name in the chosen language. */
  name(item: { nameZh: string; nameEn: string } | null | undefined): string;
};

const I18nContext = createContext<I18n | null>(null);

/** The remembered choice, else the browser's language. */
export function initialLocale(stored: string | null, browserLanguage: string | undefined): Locale {
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  return browserLanguage?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(readStored(), navigator.language));
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage: the choice then lasts for this page only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(() => {
    const messages = locale === 'zh-CN' ? zh : en;
    return {
      locale,
      setLocale,
      t: (key, values) => interpolate(messages[key], values),
      name: (item) => (item ? (locale === 'zh-CN' ? item.nameZh : item.nameEn) : '—'),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
