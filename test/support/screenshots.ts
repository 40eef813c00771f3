/**
 * `npx tsx test/support/screenshots.ts`: takes the README's screenshots of the real app in browser mode
 * (Chromium, de-DE) into assets/screenshots/. Run after `npx electron-vite build`.
 */
import { closeSharedBrowser, launchBrowserMode } from './e2e';

const shots: { file: string; colorScheme: 'light' | 'dark' }[] = [
  { file: 'assets/screenshots/app-shell.png', colorScheme: 'light' },
  { file: 'assets/screenshots/app-shell-dark.png', colorScheme: 'dark' },
];

for (const shot of shots) {
  const app = await launchBrowserMode();
  await app.page.emulateMedia({ colorScheme: shot.colorScheme });
  await app.page.getByTestId('app-version').waitFor();
  await app.page.screenshot({ path: shot.file, fullPage: true });
  console.log(`wrote ${shot.file}`);
  await app.close();
}
await closeSharedBrowser();
