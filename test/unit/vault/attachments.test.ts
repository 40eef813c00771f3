import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { VAULT_FILES, type VaultError } from '../../../main/vault';
import { attachmentIntake, openTestVault, sampleIntake, type TestVault } from '../../support/vault-fixtures';

let t: TestVault;
afterEach(() => t.cleanup());

async function storeCaseWith(content: Buffer, filename = 'Nachweis.pdf') {
  const file = await t.vault.attachments.write(
    Readable.from([content.subarray(0, 1000), content.subarray(1000)]),
  );
  const intake = sampleIntake({ attachments: [attachmentIntake(file, filename)] });
  const { caseId } = t.vault.cases.storeIntake(intake);
  t.vault.cases.update(caseId, 1, { fileReference: 'SOZ-2025/00042' });
  return { caseId, file, path: join(t.dir, VAULT_FILES.attachments, file.storagePath) };
}

async function rejection(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (error) {
    return error as VaultError;
  }
  throw new Error('expected a rejection');
}

async function drain(stream: Readable): Promise<{ chunks: Buffer[]; error: VaultError | null }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { chunks, error: null };
  } catch (error) {
    return { chunks, error: error as VaultError };
  }
}

function flipByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, offset);
  byte[0] = (byte[0] ?? 0) ^ 0x01;
  writeSync(fd, byte, 0, 1, offset);
  closeSync(fd);
}

describe('attachment store', () => {
  it('encrypts to a file named by a random id and reads back the same bytes, verified', async () => {
    t = openTestVault();
    const content = randomBytes(300_000);
    const { file, path } = await storeCaseWith(content, 'Gehaltsnachweis Jürgen Müller.pdf');
    expect(file.storagePath).toMatch(/^[0-9a-f-]{36}$/);
    expect(readdirSync(join(t.dir, VAULT_FILES.attachments))).toEqual([file.id]);
    expect(file.size).toBe(content.length);
    expect(file.sha512).toBe(createHash('sha512').update(content).digest('hex'));
    expect(file.nonce).toHaveLength(12);
    expect(statSync(path).size).toBe(content.length);

    expect((await t.vault.attachments.readAttachment(file.id)).equals(content)).toBe(true);
    const streamed = await drain(await t.vault.attachments.openAttachmentStream(file.id));
    expect(streamed.error).toBeNull();
    expect(Buffer.concat(streamed.chunks).equals(content)).toBe(true);
  });

  it('streams a large file in many chunks', async () => {
    t = openTestVault();
    const chunk = randomBytes(1 << 20);
    async function* source() {
      for (let i = 0; i < 24; i++) yield chunk;
    }
    const file = await t.vault.attachments.write(source());
    t.vault.cases.storeIntake(sampleIntake({ attachments: [attachmentIntake(file)] }));
    const hash = createHash('sha512');
    let chunks = 0;
    for await (const part of await t.vault.attachments.openAttachmentStream(file.id)) {
      hash.update(part as Buffer);
      chunks++;
    }
    expect(chunks).toBeGreaterThan(10);
    expect(hash.digest('hex')).toBe(file.sha512);
  });

  it('fails a tampered file with attachment-tampered naming the case, and readAttachment returns nothing', async () => {
    t = openTestVault();
    const content = randomBytes(200_000);
    const { caseId, file, path } = await storeCaseWith(content);
    flipByte(path, 150_000);

    const error = await rejection(t.vault.attachments.readAttachment(file.id));
    expect(error.code).toBe('attachment-tampered');
    expect(error.message).toContain(caseId);
    expect(error.message).toContain('SOZ-2025/00042');
    expect(error.subject).toMatchObject({ caseId, fileReference: 'SOZ-2025/00042', attachmentId: file.id });

    // The stream hands out chunks before the tag is known, then errors instead of ending.
    const streamed = await drain(await t.vault.attachments.openAttachmentStream(file.id));
    expect(streamed.chunks.length).toBeGreaterThan(0);
    expect(streamed.error?.code).toBe('attachment-tampered');
  });

  it('fails a file with a tampered first byte or a truncated or padded file', async () => {
    t = openTestVault();
    const { file, path } = await storeCaseWith(randomBytes(5000));
    flipByte(path, 0);
    expect((await rejection(t.vault.attachments.readAttachment(file.id))).code).toBe('attachment-tampered');
    flipByte(path, 0);
    expect((await t.vault.attachments.readAttachment(file.id)).length).toBe(5000);

    truncateSync(path, 4000);
    expect((await rejection(t.vault.attachments.openAttachmentStream(file.id))).code).toBe(
      'attachment-tampered',
    );
    writeFileSync(path, Buffer.concat([Buffer.alloc(4000), Buffer.alloc(1001)]));
    expect((await rejection(t.vault.attachments.readAttachment(file.id))).code).toBe('attachment-tampered');
  });

  it('refuses a file swapped in from another attachment, even one that decrypts on its own', async () => {
    t = openTestVault();
    const first = await storeCaseWith(randomBytes(3000));
    const second = await storeCaseWith(randomBytes(3000));
    writeFileSync(first.path, readFileSync(second.path));
    expect((await rejection(t.vault.attachments.readAttachment(first.file.id))).code).toBe(
      'attachment-tampered',
    );
  });

  it('reports a missing file as attachment-missing naming the case', async () => {
    t = openTestVault();
    const { caseId, file, path } = await storeCaseWith(randomBytes(100));
    unlinkSync(path);
    const error = await rejection(t.vault.attachments.readAttachment(file.id));
    expect(error.code).toBe('attachment-missing');
    expect(error.message).toContain(caseId);
    expect((await rejection(t.vault.attachments.readAttachment(randomUUID()))).code).toBe(
      'attachment-not-found',
    );
  });

  it('sweeps files no row refers to when the vault opens, and keeps the others', async () => {
    t = openTestVault();
    const kept = await storeCaseWith(randomBytes(100));
    const orphan = await t.vault.attachments.write([Buffer.from('never linked')]);
    const dir = join(t.dir, VAULT_FILES.attachments);
    writeFileSync(join(dir, '.tmp-interrupted'), 'partial');
    writeFileSync(join(dir, 'README'), 'not ours');
    t.vault.close();
    t.reopen();
    expect(readdirSync(dir).sort()).toEqual(['README', kept.file.id].sort());
    expect(existsSync(join(dir, orphan.storagePath))).toBe(false);
    expect((await t.vault.attachments.readAttachment(kept.file.id)).length).toBe(100);
  });

  it('leaves no file behind when the source stream fails', async () => {
    t = openTestVault();
    async function* failing() {
      yield Buffer.from('start');
      throw new Error('connection reset');
    }
    await expect(t.vault.attachments.write(failing())).rejects.toThrow('connection reset');
    expect(readdirSync(join(t.dir, VAULT_FILES.attachments))).toEqual([]);
  });
});
