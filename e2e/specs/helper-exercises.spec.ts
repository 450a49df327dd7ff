/**
 * The two exercises on the trusted helpers, as a student works them in the app: "Why 2k+1
 * without an arbiter?" ends with primary-backup's arbiter cut off from the primary (every
 * replica up, requests lost, no failover, nothing wrong); "Who orders the requests?" begins
 * with the sequencer equivocating (correct replicas, and yet answers go wrong or undecided)
 * and shows PBFT with 3k+1 = 4 replicas masking an equivocating primary.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser.js';
import { useLabSession } from '../fixtures/session.js';

describe('the exercises on the trusted helpers', () => {
  const { lab } = useLabSession();

  async function openExercise(title: RegExp, prediction: string): Promise<void> {
    await lab.showTab('Exercises');
    const panel = lab.page.getByTestId('exercise-panel');
    await panel.getByTestId('exercise-select').click();
    await lab.page.getByRole('option', { name: title }).click();
    const body = panel.getByTestId('exercise-body');
    await body.getByText('Goal.').waitFor();
    await body.getByTestId('exercise-prediction').fill(prediction);
  }

  async function runScenario(label: string): Promise<void> {
    const body = lab.page.getByTestId('exercise-body');
    await body.getByRole('button', { name: `Run ${label}` }).click();
    await lab.runStatus.filter({ hasText: 'Running' }).waitFor();
    await lab.waitFinished();
  }

  it('Why 2k+1 without an arbiter?: the arbiter cut off from the primary loses requests with every replica up, and never fails over', async () => {
    await lab.useSimulation();
    await openExercise(/Why 2k\+1 without an arbiter\?/, 'Raft goes on with 2 of 3; primary-backup stops serving when its arbiter cannot hear the primary.');
    await runScenario('Primary-backup, its arbiter cut off from the primary');
    await screenshot(lab.page, 'exercise-arbiter-cut-off');
    expect(await lab.metric('lost')).toBeGreaterThan(0);
    expect(await lab.metric('wrong')).toBe(0);
    expect(await lab.metric('failovers')).toBe(0);
  });

  it('Who orders the requests?: an equivocating sequencer breaks voting among correct replicas; PBFT with 4 masks an equivocating primary', async () => {
    await lab.useSimulation();
    await openExercise(/Who orders the requests\?/, 'The sequencer decides the order; PBFT agrees on it with 3k+1 replicas.');
    await runScenario('The sequencer equivocates, 3 correct replicas');
    expect((await lab.metric('wrong')) + (await lab.metric('undecided'))).toBeGreaterThan(0);
    await lab.showTab('Exercises');
    await runScenario('3k+1 = 4 replicas, the primary equivocates');
    expect(await lab.metric('wrong')).toBe(0);
    expect(await lab.metric('lost')).toBe(0);
    expect(await lab.metric('correct')).toBe(await lab.metric('issued'));
  });
});
