/**
 * Structured logging for operators. Entries carry an event name and a few fields of ids and codes; callers
 * never pass names, addresses or form values (personal data must not reach logs), and `redact` below
 * drops any field whose name suggests otherwise as a second line of defence.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export type LogSink = (line: string) => void;

const personalFieldPattern =
  /name|address|adresse|email|mail|phone|birth|geburt|street|strasse|text|content|data|value/i;

export function redact(fields: LogFields = {}): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = personalFieldPattern.test(key) ? '[redacted]' : value;
  }
  return out;
}

export function createLogger(
  scope: string,
  sink: LogSink = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const write = (level: string, event: string, fields?: LogFields) =>
    sink(JSON.stringify({ time: new Date().toISOString(), level, scope, event, ...redact(fields) }));
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}

/** For tests and for embedding: collects lines instead of writing them. */
export function createMemoryLogger(scope = 'test'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger(scope, (line) => lines.push(line)),
    { lines },
  );
}
