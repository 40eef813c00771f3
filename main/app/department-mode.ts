/**
 * Department mode in the workstation's composition: when the profile names the department service, the
 * calls about cases and the department's records go there with the person's access token (which ones:
 * main/department/routing.ts), the rest is answered here, and the service's event stream is relayed onto
 * the workstation's hub while someone is signed in. On a single workstation every call stays local.
 * A token the service refuses (401) ends the session here.
 */
import type { Dispatch } from '../api/dispatch';
import type { EventHub } from '../api/events';
import { connectServiceEvents, createRemoteDispatch, type ServiceEvents } from '../department/remote';
import { routeCalls } from '../department/routing';
import type { Logger } from '../log/logger';
import type { DepartmentServiceSettings } from '../profile/types';
import type { ReplicaRepository } from '../vault';
import { type DepartmentReplica, departmentReplica } from './department-replica';
import type { Workstation } from './workstation';

export interface DepartmentModeOptions {
  workstation: Workstation;
  events: EventHub;
  log: Logger;
  /** The session changed here (signed out after a 401): tell the renderer. */
  sessionChanged(): void;
  /** Node's fetch unless a test needs another. */
  fetch?: typeof fetch;
  /** Wait before the event stream connects again after a break. */
  retryMs?: number;
  /** The vault's replica: the person's cases for offline work (main/app/department-replica.ts). */
  replica: ReplicaRepository;
  now(): Date;
}

export interface DepartmentMode {
  /** Local calls to `local`; in department mode the rest to the service. */
  dispatch(local: Dispatch): Dispatch;
  /** The profiles or the session changed: the event stream follows the service and person now current. */
  update(): void;
  close(): void;
}

export function departmentMode(options: DepartmentModeOptions): DepartmentMode {
  const { workstation } = options;
  /** The signed-in person's token, or null (signed out, locked, or the provider cannot renew it). */
  const accessToken = async (): Promise<string | null> => {
    if (workstation.profiles().length === 0) return null;
    const auth = workstation.authService();
    if (auth.state().status !== 'signed-in') return null;
    return auth.accessToken().catch(() => null);
  };
  const onUnauthorized = () => {
    options.log.warn('department.token-refused', {});
    void workstation
      .authService()
      .expire()
      .then(() => options.sessionChanged());
  };
  const remoteOptions = (service: DepartmentServiceSettings) => ({
    url: service.url,
    accessToken,
    onUnauthorized,
    log: options.log,
    ...(options.fetch && { fetch: options.fetch }),
  });

  const person = (): string | null => {
    const state = workstation.state();
    return state.status === 'signed-in' ? state.principal.userId : null;
  };
  // While the service cannot be reached, the replica answers and queues (main/app/department-replica.ts).
  let remote: { url: string; replica: DepartmentReplica } | null = null;
  const replicaOf = (service: DepartmentServiceSettings): DepartmentReplica => {
    if (remote?.url !== service.url) {
      remote?.replica.close();
      const replica = departmentReplica({
        remote: createRemoteDispatch(remoteOptions(service)),
        replica: options.replica,
        events: options.events,
        person,
        log: options.log,
        now: options.now,
      });
      remote = { url: service.url, replica };
    }
    return remote.replica;
  };
  const remoteDispatch = (service: DepartmentServiceSettings): Dispatch => replicaOf(service).dispatch;

  let stream: { key: string; events: ServiceEvents } | null = null;
  const update = () => {
    const service = workstation.departmentService();
    const who = service ? person() : null;
    const key = service && who ? `${service.url} ${who}` : null;
    if (stream?.key === key) return;
    stream?.events.close();
    stream = null;
    if (!service || key === null) return;
    const replica = replicaOf(service);
    stream = {
      key,
      events: connectServiceEvents({
        ...remoteOptions(service),
        hub: options.events,
        onState: (state) => replica.streamState(state),
        ...(options.retryMs !== undefined && { retryMs: options.retryMs }),
      }),
    };
    // Signed in: the replica catches up with the person's cases (and sends what was queued).
    void replica.refresh();
  };

  return {
    dispatch(local) {
      return (name, input, ctx) => {
        const service = workstation.departmentService();
        return service
          ? routeCalls(local, remoteDispatch(service))(name, input, ctx)
          : local(name, input, ctx);
      };
    },
    update,
    close() {
      stream?.events.close();
      stream = null;
      remote?.replica.close();
    },
  };
}
