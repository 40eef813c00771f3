/** The kinds of notice (Bescheid and the letters around it), as the notices, delivery and the desk name them. */
export const noticeKinds = ['approval', 'rejection', 'interim', 'request'] as const;
/** approval = Bescheid, rejection = Ablehnungsbescheid, interim = Zwischenmitteilung, request = Nachforderung. */
export type NoticeKind = (typeof noticeKinds)[number];

/** Bescheide are administrative acts, so they must tell the citizen how to object (Rechtsbehelfsbelehrung). */
export function isBescheid(kind: NoticeKind): boolean {
  return kind === 'approval' || kind === 'rejection';
}
