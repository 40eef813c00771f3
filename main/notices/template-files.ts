import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noticeErrors } from './errors';
import { type NoticeTemplate, parseNoticeTemplate } from './template';

export const defaultTemplateDir = fileURLToPath(new URL('../../assets/templates/', import.meta.url));

/** Reads every `<id>.json` template in a folder; one broken file fails the whole set, loudly. */
export async function readNoticeTemplates(dir: string = defaultTemplateDir): Promise<NoticeTemplate[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const fileId = file.slice(0, -'.json'.length);
      const content = await readFile(join(dir, file), 'utf8');
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        throw noticeErrors.templateInvalid(fileId, 'the file is not valid JSON');
      }
      const template = parseNoticeTemplate(json);
      if (template.id !== fileId) throw noticeErrors.templateInvalid(fileId, `its id is "${template.id}"`);
      return template;
    }),
  );
}
