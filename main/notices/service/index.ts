/** The notice service: drafts, sealed versions, sending (see service.ts), and its vault repository. */
export { NoticeServiceError, type NoticeServiceErrorCode } from './errors';
export { noticeProfileOf } from './profile';
export { type DeliveryRecord, type DeliveryState, deliveryStates, type NoticeRecord } from './records';
export { sealCredentialsFromKeyStore } from './seal-credentials';
export {
  type NoticeActor,
  type NoticeDeliveryView,
  NoticeService,
  type NoticeServiceOptions,
  type NoticeView,
  type SendResult,
} from './service';
