/**
 * The first half of `npm run web`: builds into `out/` unless it holds a build of these very sources, so the
 * second half can run browser mode from the bundle (`node out/main/web.js`).
 */
import { resolve } from 'node:path';
import { buildIfChanged } from './build';

await buildIfChanged(resolve(import.meta.dirname, '../..'));
