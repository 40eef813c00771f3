/** A notice draft as the composer keeps it, for the offline replica's tests. */
export const noticeDraft = {
  templateId: 'bewilligung',
  kind: 'approval',
  recipient: ['Frau Grete Jansen'],
  fileReference: 'BA-2026-0001',
  date: '7. Dezember 2026',
  title: 'Bescheid',
  paragraphs: [{ style: 'body', text: 'Sehr geehrte Frau Jansen, …' }],
  missingFields: [],
};
