/**
 * One structured JSON logger: a short lowercase message plus keys. Log ids and outcomes, never email
 * bodies or other personal data.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(
  base: LogFields = {},
  minLevel: Level = 'info',
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const emit = (level: Level, message: string, fields?: LogFields) => {
    if (order[level] < order[minLevel]) return;
    write(JSON.stringify({ level, time: new Date().toISOString(), message, ...base, ...serialize(fields) }));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger({ ...base, ...fields }, minLevel, write),
  };
}

/** Errors become {name, message, code, cause}: JSON.stringify would print `{}`. */
function serialize(fields?: LogFields): LogFields | undefined {
  if (!fields) return fields;
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = value instanceof Error ? errorFields(value) : value;
  return out;
}

function errorFields(error: Error): LogFields {
  return {
    name: error.name,
    message: error.message,
    ...('code' in error ? { code: error.code } : {}),
    ...(error.cause instanceof Error ? { cause: errorFields(error.cause) } : {}),
  };
}
