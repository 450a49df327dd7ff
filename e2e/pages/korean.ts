/** The lab window in Korean: what a student clicks once the language switch says 한국어, and which fonts drew a piece of text. */
import type { Page } from 'playwright-core';
import type { LabPage } from './lab-page.js';

/** The view tabs as the Korean window names them. */
export const KOREAN_TABS = ['장애 극복 타임라인', '투표 집계', '측정값', '이벤트 로그', '보관한 실행', '메시지', '실습 과제', '비교', '스윕', '깨뜨려 보기'] as const;

/**
 * Labels of the window's chrome as the English window shows them: none may be left once
 * the window speaks Korean (matched as whole words, case-sensitive).
 */
export const ENGLISH_LABELS = [
  'Failover timeline', 'Vote tallies', 'Metrics', 'Event log', 'Kept runs', 'Messages', 'Exercises', 'Compare', 'Sweep',
  'Run', 'Stop', 'Finished', 'Running', 'Scenario', 'Replicas in detail', 'No run yet', 'Export report', 'Simulation', 'Real processes',
  'Show', 'Replies by value', 'Decision', 'Latency', 'wrong value accepted', 'no majority', 'masked',
  'Follow live', 'All event types', 'Refresh', 'Started', 'Outcome', 'Open', 'Delete', 'complete',
  'Guided exercises', 'Choose an exercise', 'Compare the schemes', 'Run sweep', 'Fault kinds', 'Message diagram',
  'throughput', 'time (ms)', 'none', 'yes', 'Time control', 'Play', 'Next event', 'Speed', 'Cluster at', 'Legend', 'Scheduled faults', 'Workload', 'Timing',
];

/** The English labels found in a text, each once. */
export function englishLabelsIn(text: string): string[] {
  return ENGLISH_LABELS.filter((label) => new RegExp(`(^|[^A-Za-z])${label.replace(/[()]/g, '\\$&')}($|[^A-Za-z])`).test(text));
}

export async function switchToKorean(lab: LabPage): Promise<void> {
  await lab.page.getByTestId('language').getByRole('radio', { name: '한국어' }).check({ force: true });
  await lab.page.getByRole('tab', { name: KOREAN_TABS[0] }).waitFor();
}

export async function useSimulationKo(lab: LabPage): Promise<void> {
  await lab.page.getByTestId('mode').getByRole('radio', { name: '시뮬레이션' }).check({ force: true });
}

/** Starts the scenario in the panel and waits until the run bar says it finished (완료). */
export async function runToEndKo(lab: LabPage, timeoutMs = 60_000): Promise<void> {
  await lab.runButton.click();
  await lab.runStatus.filter({ hasText: '완료' }).waitFor({ timeout: timeoutMs });
}

export async function showTabKo(lab: LabPage, tab: (typeof KOREAN_TABS)[number]): Promise<void> {
  await lab.page.getByRole('tab', { name: tab }).click();
}

/** The families Chromium drew the text of the element at `selector` with (its own record, through the DevTools protocol), with their glyph counts. */
export async function fontsDrawing(page: Page, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`nothing on the page matches ${selector}`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((f) => ({ familyName: f.familyName, isCustomFont: f.isCustomFont, glyphCount: f.glyphCount }));
  } finally {
    await cdp.detach();
  }
}
