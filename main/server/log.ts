/**
 * The service's logger: JSON lines on stderr (systemd's journal takes them as they are), each naming the
 * instance so that two instances behind one load balancer can be told apart. Callers pass ids and codes
 * only, as everywhere (`main/log/logger.ts`).
 */
import { hostname } from 'node:os';
import { createLogger, type LogFields, type Logger, type LogSink } from '../log/logger';

export function instanceId(): string {
  return `${hostname()}:${process.pid}`;
}

export function createServerLogger(instance = instanceId(), sink?: LogSink): Logger {
  const log = createLogger('server', sink);
  const withInstance = (fields?: LogFields): LogFields => ({ instance, ...fields });
  return {
    info: (event, fields) => log.info(event, withInstance(fields)),
    warn: (event, fields) => log.warn(event, withInstance(fields)),
    error: (event, fields) => log.error(event, withInstance(fields)),
  };
}
