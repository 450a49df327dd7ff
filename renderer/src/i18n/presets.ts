/**
 * A built-in lab's title and description in the chosen language: the lab's own two from the
 * message tables, an exercise's scenario from the exercise's translation (its title and
 * scenario label, its goal as the description); English as the preset has it otherwise.
 */
import type { Preset } from '@shared/presets';
import { EXERCISES, exerciseText } from '@shared/exercises';
import type { Lang } from './index';
import { MESSAGES } from './index';

export function presetWords(p: Pick<Preset, 'id' | 'title' | 'description'>, lang: Lang): { title: string; description: string } {
  if (lang === 'en') return { title: p.title, description: p.description };
  const own = (MESSAGES[lang].presets as Partial<Record<string, { title: string; description: string }>>)[p.id];
  if (own) return own;
  const [exerciseId, scenarioId] = p.id.split('/');
  const exercise = EXERCISES.find((e) => e.id === exerciseId);
  if (!exercise || scenarioId === undefined) return { title: p.title, description: p.description };
  const words = exerciseText(exercise, lang);
  return { title: `${words.title} — ${words.scenarios[scenarioId] ?? scenarioId}`, description: words.goal };
}
