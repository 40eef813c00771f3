/** Notices (Bescheide): templates, composing, PDF/A rendering, PAdES sealing, version records. */
export {
  composeNotice,
  countMissingMarkers,
  missingValueMarker,
  type NoticeDraft,
  type NoticeParagraph,
  noticePlainText,
} from './compose';
export { NoticeError, type NoticeErrorCode } from './errors';
export { type MergeFieldName, mergeFields, type NoticeCaseFields, type NoticeProfile } from './merge-fields';
export { type NoticeRenderOptions, renderNoticePdf } from './render';
export {
  assertSealValidAt,
  loadSealCredentials,
  productionMinKeyBits,
  type SealCredentialOptions,
  type SealCredentials,
} from './seal/credentials';
export { type SealOptions, sealPdf } from './seal/seal';
export {
  isBescheid,
  type NoticeKind,
  type NoticeTemplate,
  noticeKinds,
  noticeTemplateFormat,
  parseNoticeTemplate,
} from './template';
export { defaultTemplateDir, readNoticeTemplates } from './template-files';
export {
  currentNoticeVersion,
  isSealedPdfOf,
  type NoticeVersion,
  recordNoticeVersion,
  type SealedNotice,
} from './versions';
