/**
 * One palette and one symbol set for every chart of a run, in the app and in the report:
 * what a primary, a fault or a wrong answer looks like is decided here and nowhere else.
 * Each table is a `Record` over its kinds, so a kind added without a style fails the type
 * check.
 *
 * The colours follow Okabe and Ito's set for colour-blind readers (blue, sky blue, bluish
 * green, orange, vermillion, reddish purple, yellow, greys): no pair that must be told
 * apart is a red/green pair alone, and markers differ in shape as well as colour, so a
 * chart also reads in grey print. Pure data: no ECharts import.
 */
import type { Message } from '../protocol/types.js';

/** The kinds of message replicas, clients, the sequencer and the arbiter send. */
export type MessageKind = Message['kind'];

/** What a replica's lane shows: its role (a full band) or an overlay (a thin band on top). */
export type LaneKind = 'primary' | 'deposed' | 'backup' | 'replica' | 'recovering' | 'leader' | 'follower' | 'candidate' | 'down' | 'paused' | 'suspected' | 'byzantine' | 'cut off';

/** Instants on the failover timeline. */
export type MarkerKind = 'fault' | 'suspicion' | 'heartbeats stop' | 'heartbeat lost' | 'election' | 'new primary' | 'redirect' | 'retry' | 'lost';

/** How a request or a vote ended, as the charts colour it. */
export type OutcomeKind = 'correct' | 'masked' | 'wrong' | 'lost' | 'undecided' | 'unresolved' | 'no majority';

/** A sweep cell: the guarantee held, or it broke. */
export type SweepKind = 'held' | 'broke';

/** An ECharts built-in symbol name. */
export type SymbolName = 'circle' | 'emptyCircle' | 'rect' | 'emptyRect' | 'roundRect' | 'triangle' | 'emptyTriangle' | 'diamond' | 'emptyDiamond' | 'pin' | 'arrow';

export interface LaneStyle {
  color: string;
  /** Drawn as a thin band over the role band (a replica can be primary and suspected at once). */
  overlay: boolean;
  /** One line for a legend. */
  label: string;
}

export interface MarkStyle {
  color: string;
  symbol: SymbolName;
  /** Degrees; a fault is a triangle pointing down (▼). */
  symbolRotate: number;
  symbolSize: number;
  label: string;
}

/** How an outcome is drawn (its words are shared/describe.ts's OUTCOME_LABEL, or the vote charts' own). */
export interface OutcomeStyle {
  color: string;
  /** The symbol of a scatter point with this outcome. */
  symbol: SymbolName;
}

const OKABE_ITO = {
  blue: '#0072B2',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  orange: '#E69F00',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  yellow: '#F0E442',
} as const;

/** Text and rules drawn over the charts (axis marks, the scrub line, fault labels). */
export const INK = '#1a1a1a';

export const LANE_STYLE: Record<LaneKind, LaneStyle> = {
  primary: { color: OKABE_ITO.blue, overlay: false, label: 'primary' },
  // A primary another replica has replaced (a newer view) that has not heard of it yet: it
  // still believes it leads, but it is not a second primary unless it serves clients.
  deposed: { color: '#8A9BB0', overlay: false, label: 'deposed (still believes it leads)' },
  // A backup and a state-machine replica are the same thing to the eye: a working non-primary.
  backup: { color: '#9CCBEA', overlay: false, label: 'backup' },
  replica: { color: '#9CCBEA', overlay: false, label: 'replica' },
  recovering: { color: '#C4C4C4', overlay: false, label: 'recovering (state transfer)' },
  // Raft's roles: a leader looks like a primary and a follower like a backup; a candidate is between the two.
  leader: { color: OKABE_ITO.blue, overlay: false, label: 'leader (Raft)' },
  follower: { color: '#9CCBEA', overlay: false, label: 'follower (Raft)' },
  candidate: { color: OKABE_ITO.bluishGreen, overlay: false, label: 'candidate (Raft election)' },
  down: { color: '#3A3A3A', overlay: false, label: 'down' },
  paused: { color: '#555555', overlay: true, label: 'paused' },
  suspected: { color: OKABE_ITO.vermillion, overlay: true, label: 'suspected' },
  byzantine: { color: OKABE_ITO.reddishPurple, overlay: true, label: 'Byzantine' },
  'cut off': { color: OKABE_ITO.yellow, overlay: true, label: 'cut off by a partition' },
};

export const MARKER_STYLE: Record<MarkerKind, MarkStyle> = {
  fault: { color: INK, symbol: 'triangle', symbolRotate: 180, symbolSize: 12, label: 'fault injected' },
  // Suspicion and the silence before it share the suspected band's colour; shapes tell them apart.
  suspicion: { color: OKABE_ITO.vermillion, symbol: 'diamond', symbolRotate: 0, symbolSize: 11, label: 'suspicion' },
  'heartbeats stop': { color: OKABE_ITO.vermillion, symbol: 'emptyCircle', symbolRotate: 0, symbolSize: 10, label: 'heartbeats stop' },
  'heartbeat lost': { color: OKABE_ITO.orange, symbol: 'emptyDiamond', symbolRotate: 0, symbolSize: 7, label: 'heartbeat lost' },
  election: { color: OKABE_ITO.bluishGreen, symbol: 'emptyRect', symbolRotate: 0, symbolSize: 10, label: 'view installed' },
  'new primary': { color: OKABE_ITO.blue, symbol: 'pin', symbolRotate: 0, symbolSize: 16, label: 'new primary' },
  redirect: { color: OKABE_ITO.skyBlue, symbol: 'arrow', symbolRotate: -90, symbolSize: 9, label: 'redirect' },
  retry: { color: OKABE_ITO.orange, symbol: 'circle', symbolRotate: 0, symbolSize: 6, label: 'retry' },
  lost: { color: '#4D4D4D', symbol: 'rect', symbolRotate: 0, symbolSize: 9, label: 'request lost' },
};

const UNDECIDED: OutcomeStyle = { color: OKABE_ITO.orange, symbol: 'diamond' };

export const OUTCOME_STYLE: Record<OutcomeKind, OutcomeStyle> = {
  correct: { color: OKABE_ITO.bluishGreen, symbol: 'circle' },
  // Correct, with a dissenting reply outvoted.
  masked: { color: OKABE_ITO.skyBlue, symbol: 'emptyCircle' },
  wrong: { color: OKABE_ITO.vermillion, symbol: 'triangle' },
  // The same grey as the "request lost" marker on the timeline: the same event.
  lost: { color: MARKER_STYLE.lost.color, symbol: 'rect' },
  undecided: UNDECIDED,
  // Still outstanding when the run was stopped.
  unresolved: { color: '#BDBDBD', symbol: 'emptyRect' },
  // A vote without a majority is what the run summary counts as undecided: one look for both.
  'no majority': UNDECIDED,
};

export const SWEEP_STYLE: Record<SweepKind, { color: string; label: string }> = {
  held: { color: OUTCOME_STYLE.correct.color, label: 'guarantee held' },
  broke: { color: OUTCOME_STYLE.wrong.color, label: 'guarantee broke' },
};

/** The unavailability window of a failover, shaded across the timeline. */
export const OUTAGE_STYLE = { fill: 'rgba(213, 94, 0, 0.10)', border: 'rgba(213, 94, 0, 0.6)', text: '#8F3F00', label: 'unavailable (failover)' } as const;

/** A dropped message (the Lamport diagram's dashed arrow ending in ×, its red ticks). */
export const DROPPED_COLOR = OKABE_ITO.vermillion;

/** The time a partition lasts, shaded behind the processes it separates. */
export const PARTITION_SHADE = '#FBF6C8';

/** The Lamport overview's message-density strips (darker = more messages). */
export const DENSITY_COLOR = OKABE_ITO.blue;

/** The halo around a message the student picked, in the cluster picture and the Lamport diagram's detail (no kind is yellow). */
export const PICKED_COLOR = OKABE_ITO.yellow;

/**
 * Each message kind's arrow in the Lamport diagram: clients' traffic in blue and green,
 * the order and its acknowledgements in purples, failure detection in light grey, views in
 * orange, state transfer in ochre. None is vermillion: that is a dropped message.
 */
export const MESSAGE_COLOR: Record<MessageKind, string> = {
  request: OKABE_ITO.blue,
  reply: OKABE_ITO.bluishGreen,
  ordered: OKABE_ITO.reddishPurple,
  update: OKABE_ITO.reddishPurple,
  ack: '#8E5A9B',
  redirect: OKABE_ITO.skyBlue,
  heartbeat: '#B4B4B4',
  'heartbeat-ack': '#B4B4B4',
  watermark: '#B4B4B4',
  lease: '#9C8468',
  'lease-grant': '#9C8468',
  'view-change': OKABE_ITO.orange,
  propose: OKABE_ITO.orange,
  'stale-view': OKABE_ITO.orange,
  fetch: '#6B5A3A',
  'state-request': '#B8A000',
  'state-snapshot': '#B8A000',
  // Raft: elections in the views' orange, log replication in the update's purples.
  'request-vote': OKABE_ITO.orange,
  'vote-reply': OKABE_ITO.orange,
  'append-entries': OKABE_ITO.reddishPurple,
  'append-reply': '#8E5A9B',
  // PBFT: ordering in the sequencer's purple, its votes in the acks' purple, view changes in orange.
  'pre-prepare': OKABE_ITO.reddishPurple,
  prepare: '#8E5A9B',
  commit: '#6A3D7A',
  'pbft-view-change': OKABE_ITO.orange,
  'new-view': OKABE_ITO.orange,
};

/** The order lanes and markers are listed in legends. */
export const LANE_KINDS = Object.keys(LANE_STYLE) as LaneKind[];
export const MARKER_KINDS = Object.keys(MARKER_STYLE) as MarkerKind[];

/** What a message kind is for, as the cluster picture's legend groups them. */
export type MessageGroup = 'request' | 'ordered' | 'reply' | 'replication' | 'heartbeat' | 'view' | 'state transfer';

export interface MessageStyle {
  color: string;
  group: MessageGroup;
}

/** Each message kind's dot in the cluster picture: the Lamport diagram's colour, and its group for the legend. */
export const MESSAGE_STYLE: Record<MessageKind, MessageStyle> = {
  request: { color: MESSAGE_COLOR.request, group: 'request' },
  redirect: { color: MESSAGE_COLOR.redirect, group: 'request' },
  ordered: { color: MESSAGE_COLOR.ordered, group: 'ordered' },
  fetch: { color: MESSAGE_COLOR.fetch, group: 'ordered' },
  reply: { color: MESSAGE_COLOR.reply, group: 'reply' },
  update: { color: MESSAGE_COLOR.update, group: 'replication' },
  ack: { color: MESSAGE_COLOR.ack, group: 'replication' },
  heartbeat: { color: MESSAGE_COLOR.heartbeat, group: 'heartbeat' },
  'heartbeat-ack': { color: MESSAGE_COLOR['heartbeat-ack'], group: 'heartbeat' },
  watermark: { color: MESSAGE_COLOR.watermark, group: 'heartbeat' },
  lease: { color: MESSAGE_COLOR.lease, group: 'heartbeat' },
  'lease-grant': { color: MESSAGE_COLOR['lease-grant'], group: 'heartbeat' },
  'view-change': { color: MESSAGE_COLOR['view-change'], group: 'view' },
  propose: { color: MESSAGE_COLOR.propose, group: 'view' },
  'stale-view': { color: MESSAGE_COLOR['stale-view'], group: 'view' },
  'state-request': { color: MESSAGE_COLOR['state-request'], group: 'state transfer' },
  'state-snapshot': { color: MESSAGE_COLOR['state-snapshot'], group: 'state transfer' },
  'request-vote': { color: MESSAGE_COLOR['request-vote'], group: 'view' },
  'vote-reply': { color: MESSAGE_COLOR['vote-reply'], group: 'view' },
  'append-entries': { color: MESSAGE_COLOR['append-entries'], group: 'replication' },
  'append-reply': { color: MESSAGE_COLOR['append-reply'], group: 'replication' },
  'pre-prepare': { color: MESSAGE_COLOR['pre-prepare'], group: 'ordered' },
  prepare: { color: MESSAGE_COLOR.prepare, group: 'ordered' },
  commit: { color: MESSAGE_COLOR.commit, group: 'ordered' },
  'pbft-view-change': { color: MESSAGE_COLOR['pbft-view-change'], group: 'view' },
  'new-view': { color: MESSAGE_COLOR['new-view'], group: 'view' },
};

/**
 * The cluster picture's marks beyond a message's kind: a lie (sent by a Byzantine replica)
 * is a vermillion triangle, an honest reply outvoted by liars a hollow reply-green dot, and
 * a lost message ends in a vermillion ✕ (as in the Lamport diagram).
 */
export const PICTURE_MARK = {
  lie: { color: OUTCOME_STYLE.wrong.color, label: 'lie (sent by a Byzantine replica)' },
  outvoted: { color: MESSAGE_COLOR.reply, label: 'honest reply, outvoted' },
  lost: { color: DROPPED_COLOR, label: 'message lost' },
  crashed: { color: LANE_STYLE.down.color, label: 'crashed' },
  paused: { color: LANE_STYLE.paused.color, label: 'paused' },
  byzantine: { color: LANE_STYLE.byzantine.color, label: 'Byzantine' },
  primary: { color: LANE_STYLE.primary.color, label: 'primary (♛)' },
  deposed: { color: '#8A8A8A', label: 'deposed primary (older view, still believes it leads)' },
  rival: { color: OKABE_ITO.vermillion, label: 'second primary (split brain)' },
  partition: { color: '#7A6A00', label: 'partition: groups that cannot reach each other' },
} as const;
