/**
 * The language `faultlab` speaks to a person: `--lang en|ko` anywhere on the command line,
 * else the environment's locale for messages (LC_ALL, then LC_MESSAGES, then LANG, the
 * first one set deciding, as POSIX orders them): Korean when it starts with "ko", English
 * otherwise. One process speaks one language, like gettext's locale: main sets it once
 * before a command runs (and back to English after), and every message is read from it.
 */
import type { Lang } from '../../shared/describe.js';
import { UsageError } from './args.js';
import type { CliWords } from './words.js';
import { CLI_WORDS } from './words.js';

/** The language the environment asks for. */
export function envLang(env: NodeJS.ProcessEnv): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/**
 * The language a command line asks for, and its arguments with `--lang` taken out unless the
 * command itself takes the flag (`report --lang` is also the report's language).
 */
export function langOfArgs(argv: readonly string[], env: NodeJS.ProcessEnv, keepFlag: boolean): { lang: Lang; argv: string[] } {
  const fallback = envLang(env);
  const rest: string[] = [];
  let asked: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    let value: string | undefined;
    if (a === '--lang') value = argv[i + 1];
    else if (a.startsWith('--lang=')) value = a.slice('--lang='.length);
    else {
      rest.push(a);
      continue;
    }
    if (value === undefined) throw new UsageError(CLI_WORDS[fallback].langFlag(''));
    if (value !== 'en' && value !== 'ko') throw new UsageError(CLI_WORDS[fallback].langFlag(value));
    asked = value;
    if (keepFlag) rest.push(...(a === '--lang' ? [a, value] : [a]));
    if (a === '--lang') i++;
  }
  return { lang: asked === 'ko' || asked === 'en' ? asked : fallback, argv: rest };
}

let current: Lang = 'en';

/** Sets the language of the messages that follow. */
export function setCliLang(lang: Lang): void {
  current = lang;
}

/** The language in force. */
export function cliLang(): Lang {
  return current;
}

/** The messages in force. */
export function cliWords(): CliWords {
  return CLI_WORDS[current];
}
