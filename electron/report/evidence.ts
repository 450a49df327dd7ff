/**
 * A report's evidence: each run's event log, embedded in the report gzip-compressed and
 * base64-encoded (one `<script type="application/octet-stream" id="faultlab-log-…">` block
 * per log, which a browser never runs), with the log's SHA-256. `faultlab verify`
 * decompresses it, checks the hash, and re-derives every figure from it, so a figure
 * cannot be edited without the log, and the log cannot be edited without its hash.
 *
 * A log whose compressed form is larger than EMBED_LIMIT_BYTES is not embedded whole: the
 * report then carries the events its outcome figures are read from (everything but the
 * message traffic: sends, deliveries, drops, duplicates) and the whole log's hash, and says
 * so; verify re-derives what those events give and names what it could not.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SideKey } from '../../shared/compare.js';
import type { RunEvent } from '../../shared/events.js';
import { serializeEvent } from '../../shared/events.js';
import type { Lang } from '../../shared/describe.js';
import { VERIFY_WORDS } from './verify-words.js';

/** The largest compressed log a report embeds whole: 20 MiB (a report stays small enough to mail and open). */
export const EMBED_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * Which run a log is of: the report's run, the trusted pair's other run of its comparison,
 * or a further column of it (`column-raft`, `column-pbft`; `column-smr`, `column-pb` for a
 * Raft or PBFT run).
 */
export type LogRole = 'run' | 'counterpart' | `column-${SideKey}`;

/** The id of the `<script>` element holding a log. */
export const logBlockId = (role: LogRole): string => `faultlab-log-${role}`;

/**
 * How much of a log is embedded: all of it; the parts its outcome figures need (the log
 * is too large); or nothing but its hash (even those parts are too large).
 */
export type LogContent = 'whole' | 'parts' | 'none';

/** What the report data says about an embedded log (the bytes are in the log's block). */
export interface LogEvidence {
  content: LogContent;
  /** SHA-256 of the whole log (events.jsonl), as the run summary states it. */
  sha256: string;
  /** Events in the whole log. */
  eventCount: number;
  /** Events embedded (all of them when whole). */
  embeddedEvents: number;
  /** SHA-256 of the embedded events' JSONL (the whole log's when whole). */
  embeddedSha256: string;
  /** Size of the embedded block before base64 (gzip bytes); 0 when nothing is embedded. */
  compressedBytes: number;
  /** The whole log, compressed, in bytes (so the report can say by how much it exceeded the limit). */
  wholeCompressedBytes: number;
  /** The limit the report was written with. */
  limitBytes: number;
}

/** Message traffic: the bulk of a log, and what an over-large report leaves out. */
const TRAFFIC: ReadonlySet<string> = new Set(['send', 'deliver', 'drop', 'duplicate']);

export const jsonlOf = (events: readonly RunEvent[]): string => events.map((e) => `${serializeEvent(e)}\n`).join('');
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The events an over-large report embeds: everything but the traffic, and the last event (the run's length). */
export function logParts(events: readonly RunEvent[]): RunEvent[] {
  const out = events.filter((e, i) => !TRAFFIC.has(e.type) || i === events.length - 1);
  return out;
}

export interface EmbeddedLog {
  evidence: LogEvidence;
  /** The block's base64 text, or null when nothing is embedded. */
  base64: string | null;
}

/** Compresses a log for the report, whole if it fits the limit, else its parts. */
export function embedLog(events: readonly RunEvent[], sha256: string, limitBytes = EMBED_LIMIT_BYTES): EmbeddedLog {
  const whole = gzipSync(jsonlOf(events));
  const base = { sha256, eventCount: events.length, wholeCompressedBytes: whole.length, limitBytes };
  if (whole.length <= limitBytes) {
    return { evidence: { ...base, content: 'whole', embeddedEvents: events.length, embeddedSha256: sha256, compressedBytes: whole.length }, base64: whole.toString('base64') };
  }
  const parts = logParts(events);
  const text = jsonlOf(parts);
  const zipped = gzipSync(text);
  if (zipped.length <= limitBytes) {
    return { evidence: { ...base, content: 'parts', embeddedEvents: parts.length, embeddedSha256: sha256Hex(text), compressedBytes: zipped.length }, base64: zipped.toString('base64') };
  }
  return { evidence: { ...base, content: 'none', embeddedEvents: 0, embeddedSha256: '', compressedBytes: 0 }, base64: null };
}

/** The HTML block holding an embedded log (base64 has no character HTML would read). */
export function logBlockHtml(role: LogRole, base64: string): string {
  return `<script type="application/octet-stream" id="${logBlockId(role)}">${base64}</script>`;
}

/** The base64 text of a log's block in a report, or null when it has none. Linear in the report's size. */
export function findLogBlock(html: string, role: LogRole): string | null {
  const open = `<script type="application/octet-stream" id="${logBlockId(role)}">`;
  const start = html.indexOf(open);
  if (start < 0) return null;
  const end = html.indexOf('</script>', start + open.length);
  if (end < 0) return null;
  return html.slice(start + open.length, end);
}

/** An embedded log read back: its events and the SHA-256 of its text, or what is wrong with it. */
export type ReadLog = { ok: true; events: RunEvent[]; lines: string[]; sha256: string } | { ok: false; problem: string };

/**
 * Decodes, decompresses and parses an embedded log. Every line must be an event written
 * exactly as the log writer writes it (an edited line that still parses is caught by the
 * hash; one that does not is named here).
 */
export function readLogBlock(base64: string, what: string, lang: Lang = 'en'): ReadLog {
  const w = VERIFY_WORDS[lang].log;
  const b64 = base64.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return { ok: false, problem: w.notBase64(what) };
  let text: string;
  try {
    text = gunzipSync(Buffer.from(b64, 'base64')).toString('utf8');
  } catch (err) {
    return { ok: false, problem: w.cannotDecompress(what, (err as Error).message) };
  }
  const sha256 = sha256Hex(text);
  if (text.length > 0 && !text.endsWith('\n')) return { ok: false, problem: w.notWholeLine(what) };
  const lines = text.split('\n');
  lines.pop();
  const events: RunEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    let e: unknown;
    try {
      e = JSON.parse(lines[i] ?? '');
    } catch {
      return { ok: false, problem: w.notJson(what, i + 1) };
    }
    if (typeof e !== 'object' || e === null || typeof (e as { t?: unknown }).t !== 'number' || typeof (e as { type?: unknown }).type !== 'string') {
      return { ok: false, problem: w.notEvent(what, i + 1) };
    }
    events.push(e as RunEvent);
  }
  return { ok: true, events, lines, sha256 };
}
