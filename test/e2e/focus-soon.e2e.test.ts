/**
 * Where focus goes after a step (renderer/src/keyboard/focus-soon.ts), in Chromium on a bare page: the
 * next step's control may come late (a busy machine, a case the outbox moves on after the hand-over), and
 * focus must land on it whenever it comes, unless the person has gone on meanwhile. The page's controls are
 * added by the test when it chooses; nothing here measures time.
 */
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedBrowser, sharedBrowser } from '../support/e2e';

let script: string;
let page: Page;

beforeAll(async () => {
  const bundled = await build({
    entryPoints: ['renderer/src/keyboard/focus-soon.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'focusing',
    write: false,
  });
  script = bundled.outputFiles[0]?.text ?? '';
});
afterAll(closeSharedBrowser);

type Window = {
  document: {
    activeElement: { id: string } | null;
    body: { insertAdjacentHTML(where: string, html: string): void };
    getElementById(id: string): { remove(): void; focus(): void } | null;
  };
  focusing: { focusSoon(selectors: string[]): void };
};

/** Runs `steps` on a new page holding a "back" link and focusSoon. */
async function onFreshPage(steps: () => Promise<void>): Promise<void> {
  page = await (await sharedBrowser()).newPage();
  try {
    await page.setContent('<main><a id="back" href="#">Zurück</a></main>');
    await page.addScriptTag({ content: script });
    await steps();
  } finally {
    await page.close();
  }
}

const focusedId = () =>
  page.evaluate(() => (globalThis as unknown as Window).document.activeElement?.id ?? null);
const addCompose = () =>
  page.evaluate(() =>
    (globalThis as unknown as Window).document.body.insertAdjacentHTML(
      'beforeend',
      '<button id="compose">Bescheid entwerfen</button>',
    ),
  );
/** Until the page has focus on `id`: waits on the page's state, bounded only by the test's own timeout. */
const focusLandsOn = (id: string) =>
  page.waitForFunction(
    (wanted) => (globalThis as unknown as Window).document.activeElement?.id === wanted,
    id,
    { timeout: 0 },
  );

describe('focus on the next step’s control', () => {
  it('lands on a control that comes long after the step, having waited on the fallback', () =>
    onFreshPage(async () => {
      await page.evaluate(() => (globalThis as unknown as Window).focusing.focusSoon(['#compose', '#back']));
      await focusLandsOn('back');
      // Longer than any window a clock-bound wait could have given it.
      await page.waitForTimeout(4_000);
      await addCompose();
      await focusLandsOn('compose');
    }));

  it('puts focus back when its control is drawn anew', () =>
    onFreshPage(async () => {
      await addCompose();
      await page.evaluate(() => (globalThis as unknown as Window).focusing.focusSoon(['#compose', '#back']));
      await focusLandsOn('compose');
      await page.waitForTimeout(1_000);
      await page.evaluate(() =>
        (globalThis as unknown as Window).document.getElementById('compose')?.remove(),
      );
      await addCompose();
      await focusLandsOn('compose');
    }));

  it('leaves focus where the person put it meanwhile', () =>
    onFreshPage(async () => {
      await page.evaluate(() => {
        (globalThis as unknown as Window).document.body.insertAdjacentHTML(
          'beforeend',
          '<input id="search">',
        );
        (globalThis as unknown as Window).focusing.focusSoon(['#compose', '#back']);
      });
      await focusLandsOn('back');
      await page.keyboard.press('Tab');
      await focusLandsOn('search');
      await addCompose();
      // The page has taken the new control in; focus stayed with the person.
      await page.evaluate(() => {
        const { requestAnimationFrame: frame } = globalThis as unknown as {
          requestAnimationFrame(callback: () => void): number;
        };
        return new Promise<void>((resolve) => frame(() => frame(resolve)));
      });
      expect(await focusedId()).toBe('search');
    }));
});
