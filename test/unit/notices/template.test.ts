import { afterEach, describe, expect, it } from 'vitest';
import {
  composeNotice,
  type NoticeError,
  noticeTemplateFormat,
  parseNoticeTemplate,
  readNoticeTemplates,
} from '../../../main/notices';
import { caseFields, profile, type TempDir, tempDir } from './fixtures';

function template(
  paragraphs: { style: 'heading' | 'body'; text: string; when?: string }[],
  kind = 'interim',
) {
  return { format: noticeTemplateFormat, id: 'probe', kind, name: 'Probe', title: 'Titel', paragraphs };
}

function failure(action: () => unknown): NoticeError {
  try {
    action();
  } catch (error) {
    return error as NoticeError;
  }
  throw new Error('expected the action to throw');
}

describe('notice templates', () => {
  let dir: TempDir | undefined;
  afterEach(() => dir?.remove());

  it('ships the four templates, each valid', async () => {
    const templates = await readNoticeTemplates();
    expect(templates.map((t) => [t.id, t.kind])).toEqual([
      ['ablehnungsbescheid', 'rejection'],
      ['bescheid-bewilligung', 'approval'],
      ['nachforderung-unterlagen', 'request'],
      ['zwischenmitteilung', 'interim'],
    ]);
    for (const t of templates.filter((t) => t.kind === 'approval' || t.kind === 'rejection')) {
      expect(t.paragraphs.some((p) => p.style === 'heading' && p.text === 'Rechtsbehelfsbelehrung')).toBe(
        true,
      );
    }
  });

  it('names the unknown merge field in the error', () => {
    const error = failure(() =>
      parseNoticeTemplate(template([{ style: 'body', text: 'Hallo {{case.nickname}}' }])),
    );
    expect(error.code).toBe('template-unknown-field');
    expect(error.subject).toBe('case.nickname');
    expect(error.message).toContain('{{case.nickname}}');
  });

  it('rejects an unclosed or empty merge field', () => {
    expect(
      failure(() => parseNoticeTemplate(template([{ style: 'body', text: 'Hallo {{case.applicantName' }])))
        .code,
    ).toBe('template-syntax');
    expect(failure(() => parseNoticeTemplate(template([{ style: 'body', text: 'Hallo {{ }}' }]))).code).toBe(
      'template-syntax',
    );
  });

  it('requires a Rechtsbehelfsbelehrung in a Bescheid', () => {
    const error = failure(() =>
      parseNoticeTemplate(template([{ style: 'body', text: 'Bewilligt.' }], 'approval')),
    );
    expect(error.code).toBe('template-missing-legal-remedy');
  });

  it('a condition may leave out fee paragraphs, never the Rechtsbehelfsbelehrung; unknown conditions are refused', () => {
    const remedy = { style: 'body' as const, text: '{{profile.legalRemedy}}' };
    expect(() =>
      parseNoticeTemplate(
        template([{ style: 'body', when: 'fee', text: '{{case.fee}}' }, remedy], 'approval'),
      ),
    ).not.toThrow();
    expect(failure(() => parseNoticeTemplate(template([{ ...remedy, when: 'fee' }], 'approval'))).code).toBe(
      'template-missing-legal-remedy',
    );
    expect(failure(() => parseNoticeTemplate(template([{ ...remedy, when: 'paid' }]))).code).toBe(
      'template-invalid',
    );
  });

  it('rejects malformed JSON shapes with the path of the problem', () => {
    const error = failure(() => parseNoticeTemplate({ ...template([]), script: 'alert(1)' }));
    expect(error.code).toBe('template-invalid');
    const wrongKind = failure(() => parseNoticeTemplate(template([{ style: 'body', text: 'x' }], 'decree')));
    expect(wrongKind.code).toBe('template-invalid');
    expect(wrongKind.message).toContain('kind');
  });

  it('inserts values verbatim and never evaluates them as template text', () => {
    const parsed = parseNoticeTemplate(
      template([{ style: 'body', text: 'Begründung: {{case.decisionReason}}' }]),
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the value is meant to look like code.
    const hostile = '{{profile.iban}} <b>${1+1}</b>';
    const draft = composeNotice(parsed, { ...caseFields, decisionReason: hostile }, profile);
    expect(draft.paragraphs[0]?.text).toBe(`Begründung: ${hostile}`);
  });

  it('fails loudly on a broken template file or one whose id differs from its file name', async () => {
    dir = tempDir('templates');
    dir.file('kaputt.json', new TextEncoder().encode('{ "format": '));
    await expect(readNoticeTemplates(dir.path)).rejects.toMatchObject({
      code: 'template-invalid',
      subject: 'kaputt',
    });
    dir.remove();

    dir = tempDir('templates');
    dir.file(
      'anders.json',
      new TextEncoder().encode(JSON.stringify(template([{ style: 'body', text: 'x' }]))),
    );
    await expect(readNoticeTemplates(dir.path)).rejects.toMatchObject({
      code: 'template-invalid',
      subject: 'anders',
    });
  });
});
