import { resolve } from 'node:path';

/**
 * The shipped assets folder: beside `main/` in the source tree (tsx, tests) and beside `out/` in a build
 * (`out/main/index.js` → `../../assets`), so one relative path serves both.
 */
export const assetsDir = (): string => resolve(import.meta.dirname, '../../assets');
