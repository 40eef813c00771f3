/** Notices (Bescheide): templates, composing, PDF/A rendering, PAdES sealing, version records. */

export {
  assertSealValidAt,
  loadSealCredentials,
  productionMinKeyBits,
  type SealCredentialOptions,
  type SealCredentials,
} from '../pki/seal/credentials';
export { type SealOptions, sealPdf } from '../pki/seal/seal';
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
