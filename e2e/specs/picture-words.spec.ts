/**
 * Two words a student reads in a replay: in Korean, a message's kind in the picture's hover
 * box is Korean (요청, 응답, 하트비트…), not the wire name; a span of the message diagram the
 * student asks for is titled by its times (in the app's language), not "Detail A".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { screenshot } from '../fixtures/browser.js';
import { switchToKorean } from '../pages/korean.js';
import { useLabSession } from '../fixtures/session.js';

/** The text drawn in a diagram image (its SVG, from the data URL). */
async function svgText(img: import('playwright-core').Locator): Promise<string> {
  const src = (await img.getAttribute('src')) ?? '';
  return decodeURIComponent(src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
}

describe('words in a replay', () => {
  const { lab } = useLabSession();

  it('names a message\'s kind in Korean in the picture\'s hover box', async () => {
    await lab.choosePreset('Voting masks one liar');
    await lab.useSimulation();
    await lab.run();
    await lab.waitPictureControls();
    const end = await lab.pictureEnd();
    await lab.scrubTo(end / 2, end);
    await switchToKorean(lab);
    const dot = lab.picture.locator('circle.msg[data-kind="request"], circle.msg[data-kind="reply"], circle.msg[data-kind="ordered"]').first();
    await dot.waitFor();
    const kind = await dot.getAttribute('data-kind');
    const tip = lab.page.getByTestId('message-tip');
    // Hovered again until the tip shows: on a busy machine the first move can land before the dot is drawn there.
    await expect
      .poll(async () => {
        await dot.hover({ force: true });
        return tip.isVisible();
      }, { timeout: 30_000 })
      .toBe(true);
    const first = (await tip.textContent()) ?? '';
    const korean: Record<string, string> = { request: '요청', reply: '응답', ordered: '순서가 정해진 요청' };
    expect(first.startsWith(korean[kind ?? ''] ?? '?')).toBe(true);
    expect(first).not.toMatch(new RegExp(`^${kind}`));
    await screenshot(lab.page, 'picture-tip-korean');
  });

  afterEach(async () => {
    // Each test starts in English, whatever the one before left.
    await lab.page.getByTestId('language').getByRole('radio', { name: 'English' }).check({ force: true });
    await lab.page.getByRole('tab', { name: 'Event log' }).waitFor();
  });

  it('titles a span of the message diagram by its times, in English and in Korean', async () => {
    await lab.showTab('Messages');
    const diagram = lab.page.getByTestId('message-diagram');
    await diagram.getByTestId('diagram-overview').locator('img').waitFor();
    const inputs = diagram.getByRole('spinbutton');
    await inputs.nth(0).fill('1200');
    await inputs.nth(1).fill('1250');
    await diagram.getByTestId('diagram-span').click();
    const span = diagram.getByTestId('diagram-span-window');
    await span.getByText(/^1200–1250 ms: [1-9]\d* messages/).waitFor();
    const english = await svgText(span.locator('img'));
    expect(english).toContain('>Messages from 1,200 to 1,250 ms</text>');
    expect(english).not.toContain('Detail A');
    await span.scrollIntoViewIfNeeded();
    await screenshot(lab.page, 'message-diagram-span-title');

    await switchToKorean(lab);
    await lab.page.getByRole('tab', { name: '메시지' }).click();
    await inputs.nth(0).fill('1300');
    await inputs.nth(1).fill('1350');
    await diagram.getByTestId('diagram-span').click();
    await expect.poll(async () => svgText(span.locator('img'))).toContain('>1,300–1,350 ms 사이의 메시지</text>');
    await lab.page.getByTestId('language').getByRole('radio', { name: 'English' }).check({ force: true });
  });
});
