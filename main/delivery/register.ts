/**
 * The outbox handlers of notice delivery: `notice.delivery` (one notice over ZBP or e-mail) and `zbp.status`
 * (a status update for the BundID application overview). Each looks its job up by the ids in the payload,
 * lets the channel classify the attempt, and records the outcome with the delivery before the outbox does.
 */
import type { Outbox } from '../outbox';
import { handlerResultOf } from '../outbox/attempt';
import type { OutboxHandler } from '../outbox/types';
import { createEmailChannel, type EmailChannel } from './email/channel';
import { DeliveryError } from './errors';
import { NOTICE_DELIVERY, STATUS_UPDATE, submissionRef } from './outbox-items';
import { outcomeOf } from './outcome';
import type { DeliveryEnvironment, NoticeDeliveryJobs } from './types';
import { createZbpChannel, type ZbpChannel } from './zbp/channel';

export interface DeliveryChannels {
  zbp: ZbpChannel;
  email: EmailChannel;
}

export function createDeliveryChannels(env: DeliveryEnvironment): DeliveryChannels {
  return { zbp: createZbpChannel(env), email: createEmailChannel(env) };
}

export function noticeDeliveryHandler(
  jobs: NoticeDeliveryJobs,
  channels: DeliveryChannels,
): OutboxHandler<typeof NOTICE_DELIVERY> {
  return async (item) => {
    const job = await jobs.load(item.payload.deliveryId);
    if (job === undefined) return handlerResultOf(outcomeOf(new DeliveryError('delivery-not-found')));
    // An e-mail cannot be asked about once the server took it: what was recorded as sent is not sent again.
    if (job.delivered !== null) return { kind: 'delivered', receipt: job.delivered, repeat: true };
    const outcome =
      job.channel === 'zbp'
        ? await channels.zbp.deliverNotice(job, item.attempts, (submission) =>
            jobs.recordSubmission(job.deliveryId, submission),
          )
        : await channels.email.deliverNotice(job, item.idempotencyKey);
    await jobs.recordOutcome(job.deliveryId, outcome);
    return handlerResultOf(outcome);
  };
}

/**
 * A status update has no delivery row: the submission it creates is kept with its outbox item (as the
 * item's progress), so an attempt after a crash between sending and recording asks about that one.
 */
export function statusUpdateHandler(
  jobs: NoticeDeliveryJobs,
  channels: DeliveryChannels,
  outbox: Pick<Outbox, 'recordProgress'>,
): OutboxHandler<typeof STATUS_UPDATE> {
  return async (item) => {
    const deliveryCase = await jobs.statusCase(item.payload.caseId);
    if (deliveryCase === undefined)
      return handlerResultOf(outcomeOf(new DeliveryError('delivery-not-found')));
    const earlier = submissionRef.safeParse(item.receipt);
    return handlerResultOf(
      await channels.zbp.deliverStatus(
        deliveryCase,
        item.payload.status,
        item.attempts,
        earlier.success ? earlier.data : null,
        (submission) => outbox.recordProgress(item.id, { ...submission }),
      ),
    );
  };
}

/** Registers both handlers on the workstation's outbox. */
export function registerDeliveryHandlers(
  outbox: Outbox,
  jobs: NoticeDeliveryJobs,
  env: DeliveryEnvironment,
): void {
  const channels = createDeliveryChannels(env);
  outbox.register(NOTICE_DELIVERY, noticeDeliveryHandler(jobs, channels));
  outbox.register(STATUS_UPDATE, statusUpdateHandler(jobs, channels, outbox));
}
