/**
 * The platform's BundID mailbox (ZBP): a FIT-Connect destination whose subscriber is the platform itself.
 * Authorities send it notices and status updates as senders; it verifies and files them, and the citizen
 * reads them on the mailbox pages.
 */

import type { SentSubmission } from '../../main/fitconnect/sender/send';
import type { Clock } from '../clock';
import type { PlatformContext } from '../context';
import type { Router } from '../http/router';
import type { RsaKeyPairFactory } from '../keys';
import type { ClientRepository } from '../store/clients';
import type { DestinationRepository } from '../store/destinations';
import { ZbpIntake } from './intake';
import { mailboxPath } from './pages';
import { provisionZbp } from './provision';
import { addMailboxRoutes } from './routes';
import { MailboxStore, type ZbpProvisioning } from './store';

/** What a test, the demo or the CLI needs to know of the ZBP. */
export interface ZbpInfo {
  destinationId: string;
  /** The sender client authorities use for the ZBP (demo credentials). */
  sender: { clientId: string; clientSecret: string };
  /** Path of a mailbox's page on the platform's listener. */
  mailboxPath(mailboxUuid: string): string;
  /** Mailboxes of the demo applications (their BundID reply channels), oldest first. */
  demoMailboxes(): string[];
  /** Decides what was submitted to the ZBP; it also runs before every request to the platform. */
  processPending(): Promise<number>;
}

export interface Zbp extends ZbpInfo {
  addRoutes(router: Router): void;
  /** Opens the mailboxes the demo applications name in their reply channels, linked to their cases. */
  registerDemoMailboxes(sent: readonly Pick<SentSubmission, 'caseId' | 'metadata'>[]): void;
  close(): void;
}

/**
 * Opens the ZBP's store and provisions its destination (first start only); `start` then wires it to the
 * platform once the context exists. Split in two so that nothing awaits between the listener starting and
 * its request handler being attached.
 */
export async function prepareZbp(
  repositories: { destinations: DestinationRepository; clients: ClientRepository },
  dataDir: string,
  makeKeyPair: RsaKeyPairFactory,
  clock: Clock,
): Promise<{ start(ctx: PlatformContext): Zbp }> {
  const store = MailboxStore.open(dataDir);
  let provisioning: ZbpProvisioning;
  try {
    provisioning = await provisionZbp(repositories, store, makeKeyPair, clock);
  } catch (error) {
    store.close();
    throw error;
  }
  return {
    start(ctx) {
      const intake = new ZbpIntake(ctx, store, provisioning);
      return {
        destinationId: provisioning.destinationId,
        sender: provisioning.sender,
        mailboxPath,
        demoMailboxes: () => store.demoMailboxes(),
        processPending: () => intake.processPending(),
        addRoutes: (router) => addMailboxRoutes(router, store),
        registerDemoMailboxes(sent) {
          for (const submission of sent) {
            const channel = submission.metadata.replyChannel;
            if (channel === undefined || !('idBundDeMailbox' in channel)) continue;
            // The online service's case id is what the authority reports status updates under.
            store.openMailbox(channel.idBundDeMailbox.mailboxUuid, clock(), {
              demo: true,
              applicationId: submission.caseId,
            });
          }
        },
        close: () => store.close(),
      };
    },
  };
}
