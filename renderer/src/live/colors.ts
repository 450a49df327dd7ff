/** The colours of lane segments and markers, shared by the charts and their legends. */
import type { LaneKind, MarkerKind } from './model';

export const LANE_COLORS: Record<LaneKind, string> = {
  primary: '#1d5fbf',
  backup: '#8fb3e8',
  replica: '#8fb3e8',
  recovering: '#9ca3af',
  down: '#8a1f1f',
  paused: '#d08c1b',
  suspected: '#e05d5d',
  byzantine: '#7b2cbf',
  'cut off': '#f2c94c',
};

export const MARKER_STYLE: Record<MarkerKind, { color: string; symbol: string }> = {
  fault: { color: '#111827', symbol: 'diamond' },
  'heartbeats stop': { color: '#b42318', symbol: 'emptyCircle' },
  'heartbeat lost': { color: '#f97316', symbol: 'emptyCircle' },
  suspicion: { color: '#dc2626', symbol: 'triangle' },
  election: { color: '#0f766e', symbol: 'rect' },
  'new primary': { color: '#1d4ed8', symbol: 'pin' },
  redirect: { color: '#6d28d9', symbol: 'arrow' },
  retry: { color: '#ca8a04', symbol: 'circle' },
  lost: { color: '#000000', symbol: 'triangle' },
};

export const OUTCOME_COLORS = { correct: '#1e7a3c', masked: '#4caf7a', wrong: '#b42318', noMajority: '#d08c1b' };
