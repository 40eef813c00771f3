/**
 * Aktenzeichen from a per-department pattern such as `BS-{service}-{yyyy}-{seq:5}`:
 * `{service}` the department's short code for the service, `{yyyy}`/`{yy}`/`{mm}` the date of receipt,
 * `{seq:N}` a counter per department and year, zero-padded to N digits. Pure; the counter comes from the vault.
 */

const placeholder = /\{(service|yyyy|yy|mm|seq(?::(\d{1,2}))?)\}/g;

export class FileReferencePatternError extends Error {
  readonly code = 'file-reference-pattern-invalid';
}

export function validateFileReferencePattern(pattern: string): void {
  if (!pattern.includes('{seq')) {
    throw new FileReferencePatternError(
      'A file reference pattern needs a {seq} counter so references stay unique.',
    );
  }
  const leftover = pattern.replace(placeholder, '');
  if (/[{}]/.test(leftover))
    throw new FileReferencePatternError('The file reference pattern has an unknown placeholder.');
  if (/[\\/\p{Cc}]/u.test(leftover)) {
    throw new FileReferencePatternError('A file reference may not contain slashes or control characters.');
  }
}

export function formatFileReference(
  pattern: string,
  values: { serviceCode: string; receivedAt: Date; sequence: number },
): string {
  validateFileReferencePattern(pattern);
  const year = values.receivedAt.getUTCFullYear();
  return pattern.replace(placeholder, (_match, name: string, width: string | undefined) => {
    if (name === 'service') return values.serviceCode;
    if (name === 'yyyy') return String(year);
    if (name === 'yy') return String(year % 100).padStart(2, '0');
    if (name === 'mm') return String(values.receivedAt.getUTCMonth() + 1).padStart(2, '0');
    return String(values.sequence).padStart(Number(width ?? 1), '0');
  });
}
