import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long each stage of one invocation took, in milliseconds, for the log line and the Server-Timing
 * header. Stages are timed where the wiring wraps a port (see `timedStage`), so neither the use case nor
 * the adapters know about it; each invocation has its own record even when several run at once.
 */
export type StageTimings = Record<string, number>;

const current = new AsyncLocalStorage<StageTimings>();

/** Runs `work` with a fresh record of stage timings, and returns both. */
export async function recordStages<T>(work: () => Promise<T>): Promise<{ result: T; stages: StageTimings }> {
  const stages: StageTimings = {};
  const result = await current.run(stages, work);
  return { result, stages };
}

/** Times `work` as `stage` of the invocation being recorded (added up if it runs twice); a failure too. */
export async function timedStage<T>(stage: string, work: () => Promise<T>): Promise<T> {
  const stages = current.getStore();
  if (!stages) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    stages[stage] = (stages[stage] ?? 0) + (performance.now() - started);
  }
}

/** `user;dur=3.1, store;dur=2.4`: the standard header that browsers' developer tools and clients read. */
export function serverTimingHeader(stages: StageTimings): string {
  return Object.entries(stages)
    .map(([stage, ms]) => `${stage};dur=${ms.toFixed(1)}`)
    .join(', ');
}

/** Rounded to a tenth of a millisecond, for a log line. */
export function roundedStages(stages: StageTimings): StageTimings {
  return Object.fromEntries(Object.entries(stages).map(([stage, ms]) => [stage, Math.round(ms * 10) / 10]));
}
