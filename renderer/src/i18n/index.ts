/**
 * The app's languages: English and Korean message tables of one type (a key missing in
 * Korean fails the type check), the language the student chose (remembered in
 * localStorage, first taken from the browser's language), and `useI18n()` for components.
 * A small typed module instead of a library: no runtime message compiler, so it runs under
 * the app's strict CSP (no eval).
 */
import { computed, ref, watch } from 'vue';
import type { ComputedRef, Ref } from 'vue';
import type { Lang } from '@shared/describe';
import { LANGS } from '@shared/describe';
import { en } from './en';
import type { Messages } from './en';
import { ko } from './ko';

export type { Lang, Messages };

/** Every table, one per language: a Record, so a language added without its table fails the type check. */
export const MESSAGES: Record<Lang, Messages> = { en, ko };

/** How each language names itself in the switch. */
export const LANG_NAME: Record<Lang, string> = { en: 'English', ko: '한국어' };

const STORAGE_KEY = 'faultlab.lang';

function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/** The remembered choice, else the browser's language (Korean for ko-*, English otherwise). */
export function initialLang(stored: string | null, navigatorLanguage: string | undefined): Lang {
  if (isLang(stored)) return stored;
  return navigatorLanguage?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // Storage can be refused (privacy settings); the browser's language decides then.
    return null;
  }
}

const lang: Ref<Lang> = ref(initialLang(readStored(), globalThis.navigator?.language));

watch(
  lang,
  (l) => {
    if (globalThis.document) globalThis.document.documentElement.lang = l;
  },
  { immediate: true },
);

/** Switches the language and remembers the choice for the next start. */
export function setLang(l: Lang): void {
  lang.value = l;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, l);
  } catch {
    // Not remembered across restarts; the choice still holds for this window.
  }
}

const t: ComputedRef<Messages> = computed(() => MESSAGES[lang.value]);

/** The language in force and its messages; `t` unwraps in templates (`t.app.title`). */
export function useI18n(): { lang: Ref<Lang>; t: ComputedRef<Messages> } {
  return { lang, t };
}

/** The messages in force, outside components (stores, toasts). */
export function messages(): Messages {
  return t.value;
}

/** The language in force, outside components. */
export function currentLang(): Lang {
  return lang.value;
}

/** The Intl locale of each language (numbers with its separators, dates in its order). */
export const LOCALE: Record<Lang, string> = { en: 'en-US', ko: 'ko-KR' };

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A count or a measurement in the chosen language's digits grouping (1,234.5 for both; the locale decides). */
export function formatNumber(n: number, lang_: Lang = lang.value, maximumFractionDigits = 0): string {
  const key = `${lang_}/${maximumFractionDigits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALE[lang_], { maximumFractionDigits })));
  return f.format(n);
}

/** A moment (ISO text or epoch ms) as the chosen language writes a date and time. */
export function formatDateTime(at: string | number, lang_: Lang = lang.value): string {
  let f = dateFormats.get(lang_);
  if (!f) dateFormats.set(lang_, (f = new Intl.DateTimeFormat(LOCALE[lang_], { dateStyle: 'medium', timeStyle: 'medium' })));
  return f.format(new Date(at));
}
