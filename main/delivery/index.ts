/** Notice delivery: the BundID mailbox (ZBP) over FIT-Connect, e-mail (PGP/MIME), and print-and-post. */
export {
  type ChannelTarget,
  channelFor,
  type NoticeChannel,
  noticeChannels,
} from '../../shared/delivery/channel';
export { DeliveryError, type DeliveryErrorCode, type DeliveryErrorDetails } from './errors';
export { coverText, noticeFileName, statusForNotice, statusTexts } from './letter';
export {
  NOTICE_DELIVERY,
  type NoticeDeliveryPayload,
  noticeDeliveryItem,
  noticeDeliveryKey,
  STATUS_UPDATE,
  type StatusUpdatePayload,
  statusUpdateItem,
} from './outbox-items';
export {
  createDeliveryChannels,
  type DeliveryChannels,
  noticeDeliveryHandler,
  registerDeliveryHandlers,
  statusUpdateHandler,
} from './register';
export type * from './types';
export { ZBP, type ZbpStatus, zbpStatuses } from './zbp/fields';
