/**
 * A kept run's name in the window's language. A fork's scenario is named after its parent
 * with " (fork at N ms)", a run whose messages were chosen with " (messages chosen from N
 * ms)" (shared/fork.ts, electron/app/lab/steps.ts): the name is the scenario's, kept in its
 * file and hashed with it, so it stays as written, and only what is shown is reworded.
 */
import type { Lang } from '@shared/describe';
import { MESSAGES } from './index';

const SUFFIX = / \((fork at|messages chosen from) (\d+) ms\)$/;

export function runNameIn(name: string, lang: Lang): string {
  if (lang === 'en') return name;
  const w = MESSAGES[lang].runs;
  const tails: string[] = [];
  let rest = name;
  for (let m = SUFFIX.exec(rest); m !== null; m = SUFFIX.exec(rest)) {
    const ms = Number(m[2]).toLocaleString(lang);
    tails.unshift(m[1] === 'fork at' ? w.forkSuffix(ms) : w.chosenSuffix(ms));
    rest = rest.slice(0, m.index);
  }
  return rest + tails.join('');
}
