/**
 * The message sequence diagram: a Lamport space-time diagram (one horizontal line per
 * process, time running left to right, a slanted arrow per message) with the faults on
 * it. A run has thousands of messages, far too many for one readable picture, so the
 * diagram comes in two parts:
 *
 * - an overview of the whole run: per process, a strip whose shade is the number of
 *   messages it sent in each time slice, red ticks where messages were dropped, fault
 *   markers, crash/pause/Byzantine bands and partition shading, and boxes showing which
 *   slices the detail views enlarge;
 * - up to three detail windows, each around a fault (or the run's start), sized to hold
 *   at most about 120 messages, drawn arrow by arrow: a dropped message ends in a red ×.
 */
import { describeGroups, faultLabel } from '../../shared/describe.js';
import type { RunEvent } from '../../shared/events.js';
import type { Scenario } from '../../shared/scenario.js';
import { DENSITY_COLOR, DROPPED_COLOR, INK, LANE_STYLE, MARKER_STYLE, MESSAGE_COLOR, PARTITION_SHADE, PICKED_COLOR } from '../../shared/views/palette.js';

export interface LamportOptions {
  width?: number;
  /** At most this many messages in one detail window. */
  maxMessagesPerWindow?: number;
  maxWindows?: number;
  /**
   * Detail windows to draw instead of the ones chosen around faults (the app's zoom asks for a
   * span), each titled `title` (in the app's language) or by its times, never "Detail A".
   */
  windows?: { from: number; to: number; title?: string }[];
  /** A message to mark in the detail windows (the one the student picked in the cluster picture), by id. */
  mark?: number;
}

interface Msg {
  id: number;
  from: string;
  to: string;
  kind: string;
  sentAt: number;
  ends: { t: number; dropped: boolean; reason?: string }[];
}

interface Band {
  lane: string;
  from: number;
  to: number;
  kind: 'down' | 'paused' | 'byzantine';
}

interface FaultMark {
  t: number;
  lanes: string[];
  label: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f1 = (x: number): string => (Math.round(x * 10) / 10).toString();

const KIND_COLOR: Readonly<Record<string, string>> = MESSAGE_COLOR;
/** The halo of a marked message (the picture's selection colour). */
const MARK_COLOR = PICKED_COLOR;
const BAND_COLOR: Record<Band['kind'], string> = { down: LANE_STYLE.down.color, paused: LANE_STYLE.paused.color, byzantine: LANE_STYLE.byzantine.color };

function lanesOf(scenario: Scenario): { id: string; label: string }[] {
  const lanes: { id: string; label: string }[] = [];
  for (let c = 1; c <= scenario.workload.clients; c++) lanes.push({ id: `c${c}`, label: `client ${c}` });
  lanes.push(scenario.scheme === 'state-machine' ? { id: 'sequencer', label: 'sequencer' } : { id: 'arbiter', label: 'arbiter' });
  for (let r = 1; r <= scenario.replicas; r++) lanes.push({ id: `r${r}`, label: `replica ${r}` });
  return lanes;
}

interface Extracted {
  msgs: Msg[];
  bands: Band[];
  faults: FaultMark[];
  partitions: { from: number; to: number; label: string }[];
  endMs: number;
}

function extract(events: readonly RunEvent[], scenario: Scenario): Extracted {
  const byId = new Map<number, Msg>();
  const msgs: Msg[] = [];
  const bands: Band[] = [];
  const open = new Map<string, Band>();
  const faults: FaultMark[] = [];
  const partitions: { from: number; to: number; label: string }[] = [];
  let openPartition: { from: number; to: number; label: string } | null = null;
  let endMs = 0;
  const openBand = (lane: string, t: number, kind: Band['kind']): void => {
    const key = `${lane}|${kind}`;
    if (open.has(key)) return;
    const b = { lane, from: t, to: Infinity, kind };
    open.set(key, b);
    bands.push(b);
  };
  const closeBand = (lane: string, t: number, kind: Band['kind']): void => {
    const key = `${lane}|${kind}`;
    const b = open.get(key);
    if (b) {
      b.to = t;
      open.delete(key);
    }
  };
  for (const e of events) {
    endMs = Math.max(endMs, e.t);
    switch (e.type) {
      case 'send': {
        const m: Msg = { id: e.id, from: e.from, to: e.to, kind: e.kind, sentAt: e.t, ends: [] };
        byId.set(e.id, m);
        msgs.push(m);
        break;
      }
      case 'deliver':
        byId.get(e.id)?.ends.push({ t: e.t, dropped: false });
        break;
      case 'drop':
        byId.get(e.id)?.ends.push({ t: e.t, dropped: true, reason: e.reason });
        break;
      case 'process': {
        const lane = `r${e.replica}`;
        if (e.status === 'crashed' || e.status === 'exited') openBand(lane, e.t, 'down');
        if (e.status === 'started') closeBand(lane, e.t, 'down');
        if (e.status === 'paused') openBand(lane, e.t, 'paused');
        if (e.status === 'resumed') closeBand(lane, e.t, 'paused');
        break;
      }
      case 'behavior':
        if (e.behavior) openBand(`r${e.replica}`, e.t, 'byzantine');
        else closeBand(`r${e.replica}`, e.t, 'byzantine');
        break;
      case 'fault': {
        const f = e.fault;
        if (f.type === 'partition') {
          if (openPartition) openPartition.to = e.t;
          openPartition = { from: e.t, to: Infinity, label: describeGroups(f.groups) };
          partitions.push(openPartition);
          faults.push({ t: e.t, lanes: [], label: faultLabel(f) });
        } else if (f.type === 'heal') {
          if (openPartition) openPartition.to = e.t;
          openPartition = null;
          faults.push({ t: e.t, lanes: [], label: faultLabel(f) });
        } else if (f.type === 'sequencer' || f.type === 'arbiter') {
          // A helper's fault marks the time on every lane: the helper has no lane of its own here.
          faults.push({ t: e.t, lanes: [], label: faultLabel(f) });
        } else {
          faults.push({ t: e.t, lanes: [`r${f.replica}`], label: faultLabel(f) });
        }
        break;
      }
      default:
        break;
    }
  }
  for (const b of bands) if (!Number.isFinite(b.to)) b.to = endMs;
  for (const p of partitions) if (!Number.isFinite(p.to)) p.to = endMs;
  void scenario;
  return { msgs, bands, faults, partitions, endMs };
}

/** Picks detail windows: around the first faults (distinct, not overlapping), else the start. */
export function chooseWindows(x: Pick<Extracted, 'msgs' | 'faults' | 'endMs'>, maxMessages: number, maxWindows: number): { from: number; to: number }[] {
  const { msgs, endMs } = x;
  if (endMs <= 0) return [{ from: 0, to: 1 }];
  const rate = msgs.length / endMs; // messages per ms
  const width = Math.max(5, Math.min(endMs, rate > 0 ? maxMessages / rate : endMs));
  const anchors = x.faults.map((f) => f.t);
  const windows: { from: number; to: number }[] = [];
  for (const t of anchors) {
    if (windows.length >= maxWindows) break;
    const from = Math.max(0, Math.min(endMs - width, t - width * 0.3));
    if (windows.some((w) => from < w.to && from + width > w.from)) continue;
    windows.push({ from, to: from + width });
  }
  if (windows.length === 0) windows.push({ from: 0, to: width });
  return windows.sort((a, b) => a.from - b.from);
}

function timeTicks(from: number, to: number, x: (t: number) => number, y0: number, y1: number): string {
  const span = to - from;
  const raw = span / 8;
  const mag = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-6)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: string[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to + 1e-9; t += step) {
    const px = x(t);
    out.push(`<line x1="${f1(px)}" y1="${y0}" x2="${f1(px)}" y2="${y1}" stroke="#eee"/>`);
    out.push(`<text x="${f1(px)}" y="${y1 + 13}" font-size="10" text-anchor="middle" fill="#555">${f1(t)}</text>`);
  }
  return out.join('');
}

function overview(x: Extracted, lanes: { id: string; label: string }[], windows: { from: number; to: number }[], width: number): string {
  const left = 80;
  const right = 20;
  const top = 28;
  const laneH = 16;
  const plotW = width - left - right;
  const h = top + lanes.length * laneH + 34;
  const end = Math.max(1, x.endMs);
  const px = (t: number): number => left + (t / end) * plotW;
  const laneY = new Map(lanes.map((l, i) => [l.id, top + i * laneH]));
  const buckets = Math.min(250, Math.max(20, Math.round(plotW / 4)));
  const counts = new Map<string, number[]>();
  for (const l of lanes) counts.set(l.id, new Array<number>(buckets).fill(0));
  for (const m of x.msgs) {
    const arr = counts.get(m.from);
    if (arr) arr[Math.min(buckets - 1, Math.floor((m.sentAt / end) * buckets))]! += 1;
  }
  const max = Math.max(1, ...[...counts.values()].flat());
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-family="Helvetica, Arial, sans-serif">`);
  parts.push(`<text x="${left}" y="14" font-size="12" font-weight="bold">Whole run: messages sent per time slice (darker = more), drops (red ticks), faults (▼)</text>`);
  parts.push(timeTicks(0, end, px, top, top + lanes.length * laneH));
  for (const p of x.partitions) parts.push(`<rect x="${f1(px(p.from))}" y="${top}" width="${f1(Math.max(1, px(p.to) - px(p.from)))}" height="${lanes.length * laneH}" fill="${PARTITION_SHADE}"/>`);
  for (const l of lanes) {
    const y = laneY.get(l.id) ?? 0;
    parts.push(`<text x="${left - 6}" y="${y + laneH - 5}" font-size="10" text-anchor="end">${esc(l.label)}</text>`);
    const arr = counts.get(l.id) ?? [];
    const bw = plotW / buckets;
    arr.forEach((c, i) => {
      if (c === 0) return;
      const shade = 0.12 + 0.88 * Math.sqrt(c / max);
      parts.push(`<rect x="${f1(left + i * bw)}" y="${y + 2}" width="${f1(bw + 0.3)}" height="${laneH - 4}" fill="${DENSITY_COLOR}" fill-opacity="${shade.toFixed(2)}"/>`);
    });
  }
  for (const b of x.bands) {
    const y = laneY.get(b.lane);
    if (y === undefined) continue;
    parts.push(`<rect x="${f1(px(b.from))}" y="${y + laneH - 4}" width="${f1(Math.max(1, px(b.to) - px(b.from)))}" height="3" fill="${BAND_COLOR[b.kind]}"/>`);
  }
  const dropped = new Set<string>();
  for (const m of x.msgs) {
    for (const e of m.ends) {
      if (!e.dropped) continue;
      const y = laneY.get(m.to);
      if (y === undefined) continue;
      const key = `${m.to}|${Math.round(px(e.t))}`;
      if (dropped.has(key)) continue; // one tick per pixel column is enough
      dropped.add(key);
      parts.push(`<line x1="${f1(px(e.t))}" y1="${y + 1}" x2="${f1(px(e.t))}" y2="${y + laneH - 1}" stroke="${DROPPED_COLOR}" stroke-width="1"/>`);
    }
  }
  for (const f of x.faults) {
    const ys = f.lanes.length > 0 ? f.lanes.map((l) => laneY.get(l) ?? top) : [top];
    for (const y of ys) parts.push(`<path d="M${f1(px(f.t) - 4)} ${y - 5} L${f1(px(f.t) + 4)} ${y - 5} L${f1(px(f.t))} ${y + 2} Z" fill="${MARKER_STYLE.fault.color}" stroke="#fff" stroke-width="0.8"><title>${esc(`${f1(f.t)} ms: ${f.label}`)}</title></path>`);
  }
  windows.forEach((w, i) => {
    parts.push(`<rect x="${f1(px(w.from))}" y="${top - 2}" width="${f1(Math.max(2, px(w.to) - px(w.from)))}" height="${lanes.length * laneH + 4}" fill="none" stroke="#000" stroke-width="1.2" stroke-dasharray="3 2"/>`);
    parts.push(`<text x="${f1(px(w.from) + 2)}" y="${top - 4}" font-size="10" font-weight="bold">${String.fromCharCode(65 + i)}</text>`);
  });
  parts.push(`<text x="${left + plotW / 2}" y="${h - 4}" font-size="10" text-anchor="middle" fill="#555">time (ms)</text>`);
  parts.push('</svg>');
  return parts.join('');
}

function detail(x: Extracted, lanes: { id: string; label: string }[], w: { from: number; to: number }, heading: string, width: number, mark?: number): { svg: string; shown: number; dropped: number } {
  const left = 80;
  const right = 20;
  const top = 30;
  const laneH = Math.max(22, Math.min(34, 320 / lanes.length));
  const plotW = width - left - right;
  const h = top + (lanes.length - 1) * laneH + 40;
  const span = Math.max(1e-6, w.to - w.from);
  const px = (t: number): number => left + ((Math.min(Math.max(t, w.from), w.to) - w.from) / span) * plotW;
  const laneY = new Map(lanes.map((l, i) => [l.id, top + i * laneH]));
  const parts: string[] = [];
  let shown = 0;
  let drops = 0;
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-family="Helvetica, Arial, sans-serif">`);
  // One arrowhead marker per colour (context-stroke is not reliable in every viewer).
  const markers = [...new Set(Object.values(KIND_COLOR)), '#555'].map((c) => `<marker id="ah${c.slice(1)}" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="5" markerHeight="5" orient="auto"><path d="M0 0 L6 3 L0 6 Z" fill="${c}"/></marker>`);
  parts.push(`<defs>${markers.join('')}</defs>`);
  parts.push(`<text x="${left}" y="14" font-size="12" font-weight="bold">${esc(heading)}</text>`);
  parts.push(timeTicks(w.from, w.to, px, top - 8, top + (lanes.length - 1) * laneH + 8));
  for (const p of x.partitions) {
    if (p.to < w.from || p.from > w.to) continue;
    parts.push(`<rect x="${f1(px(p.from))}" y="${top - 8}" width="${f1(px(p.to) - px(p.from))}" height="${(lanes.length - 1) * laneH + 16}" fill="${PARTITION_SHADE}"/>`);
  }
  for (const l of lanes) {
    const y = laneY.get(l.id) ?? 0;
    parts.push(`<text x="${left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${esc(l.label)}</text>`);
    parts.push(`<line x1="${left}" y1="${y}" x2="${left + plotW}" y2="${y}" stroke="#333" stroke-width="1"/>`);
  }
  for (const b of x.bands) {
    const y = laneY.get(b.lane);
    if (y === undefined || b.to < w.from || b.from > w.to) continue;
    parts.push(`<rect x="${f1(px(b.from))}" y="${y - 3}" width="${f1(Math.max(1, px(b.to) - px(b.from)))}" height="6" fill="${BAND_COLOR[b.kind]}" fill-opacity="0.8"><title>${b.kind}</title></rect>`);
  }
  for (const m of x.msgs) {
    const y0 = laneY.get(m.from);
    const y1 = laneY.get(m.to);
    if (y0 === undefined || y1 === undefined) continue;
    for (const e of m.ends) {
      if (e.t < w.from || m.sentAt > w.to) continue;
      shown += 1;
      // Where an arrow leaves the window, it is cut at the edge along its own slope.
      const slope = (y1 - y0) / Math.max(1e-6, e.t - m.sentAt);
      const t0 = Math.max(m.sentAt, w.from);
      const t1 = Math.min(e.t, w.to);
      const ya = y0 + slope * (t0 - m.sentAt);
      const yb = y0 + slope * (t1 - m.sentAt);
      const color = e.dropped ? DROPPED_COLOR : (KIND_COLOR[m.kind] ?? '#555');
      const title = `<title>${esc(`#${m.id} ${m.kind} ${m.from}→${m.to}, sent ${f1(m.sentAt)} ms, ${e.dropped ? `dropped (${e.reason ?? ''})` : 'delivered'} ${f1(e.t)} ms`)}</title>`;
      const reachesEnd = e.t <= w.to;
      if (m.id === mark) {
        // The picked message: a wide halo under its arrow, and its number beside where it leaves.
        parts.push(`<line x1="${f1(px(t0))}" y1="${f1(ya)}" x2="${f1(px(t1))}" y2="${f1(yb)}" stroke="${MARK_COLOR}" stroke-width="9" stroke-opacity="0.55" stroke-linecap="round" data-marked="${m.id}"/>`);
        parts.push(`<text x="${f1(px(t0) + 4)}" y="${f1(ya - 6)}" font-size="11" font-weight="bold" fill="${INK}">#${m.id}</text>`);
      }
      parts.push(
        `<line x1="${f1(px(t0))}" y1="${f1(ya)}" x2="${f1(px(t1))}" y2="${f1(yb)}" stroke="${color}" stroke-width="${e.dropped ? 1.2 : 0.9}"${e.dropped ? ' stroke-dasharray="3 2"' : ''}${!e.dropped && reachesEnd ? ` marker-end="url(#ah${color.slice(1)})"` : ''}>${title}</line>`,
      );
      if (e.dropped && reachesEnd) {
        drops += 1;
        const cx = px(t1);
        parts.push(`<path d="M${f1(cx - 4)} ${f1(yb - 4)} L${f1(cx + 4)} ${f1(yb + 4)} M${f1(cx - 4)} ${f1(yb + 4)} L${f1(cx + 4)} ${f1(yb - 4)}" stroke="${DROPPED_COLOR}" stroke-width="2"/>`);
      }
    }
  }
  for (const f of x.faults) {
    if (f.t < w.from || f.t > w.to) continue;
    const ys = f.lanes.length > 0 ? f.lanes.map((l) => laneY.get(l) ?? top) : [top - 8];
    for (const y of ys) {
      parts.push(`<path d="M${f1(px(f.t) - 6)} ${y - 12} L${f1(px(f.t) + 6)} ${y - 12} L${f1(px(f.t))} ${y - 2} Z" fill="${MARKER_STYLE.fault.color}" stroke="#fff" stroke-width="0.8"/>`);
      parts.push(`<text x="${f1(px(f.t) + 8)}" y="${y - 5}" font-size="10" fill="${INK}" font-weight="bold">${esc(f.label)}</text>`);
    }
  }
  parts.push(`<text x="${left + plotW / 2}" y="${h - 4}" font-size="10" text-anchor="middle" fill="#555">time (ms)</text>`);
  parts.push('</svg>');
  return { svg: parts.join(''), shown, dropped: drops };
}

export interface LamportDiagram {
  /** The time of the run's last event (ms). */
  endMs: number;
  overviewSvg: string;
  windows: { name: string; from: number; to: number; svg: string; messages: number; dropped: number }[];
  totalMessages: number;
  totalDropped: number;
  legend: { kind: string; color: string }[];
}

export function lamportDiagram(events: readonly RunEvent[], scenario: Scenario, options: LamportOptions = {}): LamportDiagram {
  const width = options.width ?? 1000;
  const x = extract(events, scenario);
  const lanes = lanesOf(scenario);
  const given = options.windows;
  const windows = given ?? chooseWindows(x, options.maxMessagesPerWindow ?? 120, options.maxWindows ?? 3);
  const details = windows.map((w, i) => {
    // Windows chosen around the faults are lettered (the overview marks them so); a span asked
    // for is titled as the caller says, or by its own times.
    const span = `${f1(w.from)}–${f1(w.to)} ms`;
    const asked = given?.[i];
    const name = asked ? (asked.title ?? span) : `Detail ${String.fromCharCode(65 + i)}`;
    const d = detail(x, lanes, w, asked ? name : `${name}: ${span}`, width, options.mark);
    return { name, from: w.from, to: w.to, svg: d.svg, messages: d.shown, dropped: d.dropped };
  });
  const kinds = [...new Set(x.msgs.map((m) => m.kind))].sort();
  return {
    endMs: x.endMs,
    overviewSvg: overview(x, lanes, windows, width),
    windows: details,
    totalMessages: x.msgs.length,
    totalDropped: x.msgs.reduce((a, m) => a + m.ends.filter((e) => e.dropped).length, 0),
    legend: kinds.map((kind) => ({ kind, color: KIND_COLOR[kind] ?? '#555' })),
  };
}
