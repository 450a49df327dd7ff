/**
 * Checks that keep the app's Korean whole: which messages of a table are missing, empty or
 * still English in another, and which English words a component's template shows outside
 * the tables. Plain functions over text, used by the tests (no DOM, no Node).
 */

/** Words both languages write alike: names, units and symbols a Korean lecture keeps as they are. */
export const SAME_IN_BOTH = new Set(['PBFT', 'Raft', 'ms', 'MB', 'GB', 'k', 'n', '%', 'CSV', 'PDF', 'p50', 'p99', '0 … k+1', 'Fault Lab', 'dedup']);

/** Message paths whose Korean is rightly the same as the English (a value formatted alike, a bare symbol). */
const SAME_PATHS = new Set(['card.pid', 'scenario.kAria', 'sweep.upTo', 'charts.atMs']);

/** Three or more English words in a row: an English sentence left inside a translation. */
const ENGLISH_RUN = /\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\b/;

type Table = { readonly [key: string]: unknown };

/** Probe arguments for a message function: numbers first, then the shapes the tables' functions take. */
const PROBES: unknown[][] = [[3, 2, 1, 4, 5, 6, 7], ['3', '2', '1', '4', '5', '6', '7'], [[{ replica: 1, matched: 2, differed: 1 }], 2, 1]];

function sample(fn: (...args: unknown[]) => unknown): string | null {
  for (const args of PROBES) {
    try {
      const out = fn(...args.slice(0, Math.max(fn.length, 1)));
      if (typeof out === 'string') return out;
    } catch {
      // The next probe's argument shapes may suit it.
    }
  }
  return null;
}

function leaves(table: unknown, prefix = ''): [string, unknown][] {
  if (typeof table !== 'object' || table === null) return [[prefix, table]];
  return Object.entries(table as Table).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * The message paths of `reference` that `translation` leaves untranslated: missing, empty,
 * identical to the reference (unless the words are the same in both languages), or holding
 * an English sentence. A message that is a function is compared on the same arguments.
 */
export function untranslated(reference: unknown, translation: unknown): string[] {
  const theirs = new Map(leaves(translation));
  const out: string[] = [];
  for (const [path, mine] of leaves(reference)) {
    const other = theirs.get(path);
    const a = typeof mine === 'function' ? sample(mine as (...args: unknown[]) => unknown) : mine;
    const b = typeof other === 'function' ? sample(other as (...args: unknown[]) => unknown) : other;
    if (typeof a !== 'string') continue;
    if (typeof b !== 'string' || b.trim() === '') out.push(path);
    else if (a === b && !SAME_IN_BOTH.has(a.trim()) && !SAME_PATHS.has(path)) out.push(path);
    else if (a !== b && ENGLISH_RUN.test(b.replace(/<br\/>/g, ' '))) out.push(path);
  }
  return out;
}

/** Attributes a reader sees or hears; written statically (without `:`) they must hold no English. */
const SHOWN_ATTRIBUTES = ['placeholder', 'title', 'label', 'aria-label', 'alt', 'empty-text', 'content', 'description', 'confirm-button-text', 'cancel-button-text', 'active-text', 'inactive-text'];

/** Text that has English in it (a word of two letters or more that is not the same in both languages). */
function hasEnglish(text: string): boolean {
  let rest = text;
  for (const same of SAME_IN_BOTH) rest = rest.split(same).join(' ');
  return /[A-Za-z]{2,}/.test(rest);
}

/**
 * The English a Vue single-file component's template shows outside the message tables:
 * text between tags (interpolations `{{ }}` removed) and shown attributes written
 * statically. Tags are read with their quoted attribute values, so `=>` or `>` inside a
 * binding does not end a tag.
 */
export function englishInTemplate(sfc: string): string[] {
  const start = sfc.indexOf('<template>');
  const end = sfc.lastIndexOf('</template>');
  if (start < 0 || end < 0) return [];
  const src = sfc.slice(start + '<template>'.length, end);
  const found: string[] = [];
  let text = '';
  const flushText = (): void => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t && hasEnglish(t)) found.push(t);
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('<!--', i)) {
      const close = src.indexOf('-->', i);
      i = close < 0 ? src.length : close + 3;
    } else if (src.startsWith('{{', i)) {
      const close = src.indexOf('}}', i);
      text += ' ';
      i = close < 0 ? src.length : close + 2;
    } else if (src[i] === '<') {
      flushText();
      let j = i + 1;
      let quote: string | null = null;
      for (; j < src.length; j++) {
        const c = src[j];
        if (quote) {
          if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      const tag = src.slice(i, j + 1);
      for (const m of tag.matchAll(/\s([a-z-]+)="([^"]*)"/g)) {
        const [, name, value] = m;
        if (name && value !== undefined && SHOWN_ATTRIBUTES.includes(name) && hasEnglish(value)) found.push(`${name}="${value}"`);
      }
      i = j + 1;
    } else {
      text += src[i];
      i++;
    }
  }
  flushText();
  return found;
}
