/**
 * Reads the `schedule` events of serverless.yml, plus this plugin's `custom` section, into what a local
 * schedule needs: which function, how often, with what event.
 */
export const CUSTOM_KEY = 'serverless-offline-schedule';

export interface ScheduleSpec {
  functionKey: string;
  /** The deployed name (service-stage-function), which serverless-offline's Lambda API expects. */
  functionName: string;
  /** What serverless.yml says, e.g. `rate(1 minute)`. */
  expression: string;
  /** The local rate, when custom overrides it (e.g. `rate(5 seconds)`). */
  localExpression: string | undefined;
  /** Time between the starts of two runs. */
  periodMs: number;
  /** The event's `input`, delivered instead of the scheduled event, as EventBridge does. */
  input: unknown;
  /** The EventBridge rule the event names in `resources`. */
  ruleName: string;
  invocationTimeoutMs: number;
}

export interface SkippedSchedule {
  functionKey: string;
  expression: string;
  reason: string;
}

/** The subset of the Serverless service this plugin reads. */
export interface ServiceView {
  service: string;
  provider: { region?: string; timeout?: number };
  custom?: Record<string, unknown>;
  getAllFunctions(): string[];
  getFunction(key: string): { name?: string; timeout?: number; events?: Array<Record<string, unknown>> };
}

export class ScheduleConfigError extends Error {
  constructor(message: string) {
    super(`serverless-offline-schedule: ${message}`);
    this.name = 'ScheduleConfigError';
  }
}

const DEFAULT_FUNCTION_TIMEOUT_S = 6;
/** Our HTTP wait beyond the function's own timeout, which serverless-offline enforces. */
const INVOKE_GRACE_MS = 5000;

const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * `rate(<n> <unit>)` in milliseconds. Units are EventBridge's (minute, hour, day, singular for 1) plus
 * `second`, which only a local rate may use: AWS schedules nothing more often than once a minute.
 * @throws ScheduleConfigError naming `where`
 */
export function parseRate(expression: string, where: string, allowSeconds: boolean): number {
  const match = /^rate\(\s*(\d+)\s+(second|minute|hour|day)s?\s*\)$/.exec(expression.trim());
  const value = match ? Number(match[1]) : 0;
  if (!match || !Number.isSafeInteger(value) || value < 1) {
    throw new ScheduleConfigError(`${where}: "${expression}" is not rate(<whole number> <unit>)`);
  }
  const unit = match[2]!;
  if (unit === 'second' && !allowSeconds) {
    throw new ScheduleConfigError(
      `${where}: AWS has no rate in seconds; set a local one in custom.${CUSTOM_KEY} instead`,
    );
  }
  return value * UNIT_MS[unit]!;
}

/**
 * What this plugin runs, and what it leaves to serverless-offline's own scheduler (a cron expression
 * with no local rate: offline runs those, at minute precision).
 * @throws ScheduleConfigError naming the function and setting that is wrong.
 */
export function scheduleSpecs(service: ServiceView, stage: string): LocalSchedules {
  const section = objectAt(service.custom, CUSTOM_KEY);
  const overrides = objectAt(section, 'functions');
  const specs: ScheduleSpec[] = [];
  const skipped: SkippedSchedule[] = [];
  const owned: Array<Record<string, unknown>> = [];
  for (const functionKey of service.getAllFunctions()) {
    const fn = service.getFunction(functionKey);
    const local = objectAt(overrides, functionKey);
    const functionName = fn.name ?? `${service.service}-${stage}-${functionKey}`;
    const timeoutS = fn.timeout ?? service.provider.timeout ?? DEFAULT_FUNCTION_TIMEOUT_S;
    const localExpression = local.rate === undefined ? undefined : String(local.rate);
    const localEnabled = local.enabled === undefined ? true : local.enabled === true;
    (fn.events ?? []).forEach((event, index) => {
      if (!('schedule' in event)) return;
      const where = `function ${functionKey}, event ${index + 1} (schedule)`;
      const definition = scheduleDefinition(event.schedule, where);
      const leftToOffline =
        localExpression === undefined && definition.rates.every((rate) => rate.startsWith('cron('));
      if (leftToOffline) {
        for (const expression of definition.rates)
          skipped.push({ functionKey, expression, reason: 'a cron expression: serverless-offline runs it' });
        return;
      }
      owned.push(event);
      if (!definition.enabled || !localEnabled) return;
      for (const expression of definition.rates) {
        if (localExpression === undefined && expression.startsWith('cron(')) {
          throw new ScheduleConfigError(
            `${where}: mixes rate and cron; give the function a local rate in custom.${CUSTOM_KEY}`,
          );
        }
        const periodMs =
          localExpression === undefined
            ? parseRate(expression, where, false)
            : parseRate(localExpression, `custom.${CUSTOM_KEY}.functions.${functionKey}.rate`, true);
        specs.push({
          functionKey,
          functionName,
          expression,
          localExpression,
          periodMs,
          input: parseInput(definition.input, where),
          ruleName: definition.name ?? `${functionName}-rule-${index + 1}`,
          invocationTimeoutMs: timeoutS * 1000 + INVOKE_GRACE_MS,
        });
        // One local rate replaces all of a function's schedules: run it once per period, not once per rule.
        if (localExpression !== undefined) return;
      }
    });
  }
  const unknown = Object.keys(overrides).find((key) => !service.getAllFunctions().includes(key));
  if (unknown !== undefined) {
    throw new ScheduleConfigError(`custom.${CUSTOM_KEY}.functions.${unknown}: no such function`);
  }
  return { specs: dedupeLocal(specs), skipped, owned };
}

export interface LocalSchedules {
  /** What this plugin runs. */
  specs: ScheduleSpec[];
  /** What it leaves to serverless-offline's own scheduler. */
  skipped: SkippedSchedule[];
  /** The `schedule` events this plugin takes over, so offline does not run them a second time. */
  owned: Array<Record<string, unknown>>;
}

/** A function with a local rate and several schedule events still runs once per local period. */
function dedupeLocal(specs: ScheduleSpec[]): ScheduleSpec[] {
  const seen = new Set<string>();
  return specs.filter((spec) => {
    if (spec.localExpression === undefined) return true;
    if (seen.has(spec.functionKey)) return false;
    seen.add(spec.functionKey);
    return true;
  });
}

interface Definition {
  rates: string[];
  enabled: boolean;
  input: unknown;
  name: string | undefined;
}

function scheduleDefinition(raw: unknown, where: string): Definition {
  if (typeof raw === 'string') return { rates: [raw], enabled: true, input: undefined, name: undefined };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ScheduleConfigError(`${where} must be an expression or an object with rate`);
  const { rate, enabled, input, name } = raw as Record<string, unknown>;
  const rates = (Array.isArray(rate) ? rate : [rate]).filter((r) => r !== undefined);
  if (rates.length === 0 || rates.some((r) => typeof r !== 'string'))
    throw new ScheduleConfigError(`${where} needs a rate: an expression or a list of them`);
  return {
    rates: rates as string[],
    enabled: enabled === undefined ? true : enabled === true || enabled === 'true',
    input,
    name: typeof name === 'string' ? name : undefined,
  };
}

/** EventBridge delivers a string input as the JSON it holds, an object as it is. */
function parseInput(input: unknown, where: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    throw new ScheduleConfigError(`${where}: input must be JSON`);
  }
}

function objectAt(parent: unknown, key: string): Record<string, unknown> {
  const value =
    typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[key] : undefined;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
