/**
 * The playback store for a component that shows it: the animation frame it may have asked
 * for is cancelled (and playing stops) when the component goes away, so no frame loop
 * outlives the picture.
 */
import { onScopeDispose } from 'vue';
import { usePlaybackStore } from '../stores/playback';

export function usePlayback(): ReturnType<typeof usePlaybackStore> {
  const playback = usePlaybackStore();
  onScopeDispose(() => playback.pause());
  return playback;
}
