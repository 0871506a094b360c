import type { ScheduleSpec } from './config';
import { scheduledEvent } from './event';
import type { Invoke } from './invoker';

export interface ScheduleLog {
  notice(message: string): void;
  warning(message: string): void;
}

export interface ScheduleDeps {
  invoke: Invoke;
  log: ScheduleLog;
  region: string;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => NodeJS.Timeout;
  clearTimer?: (timer: NodeJS.Timeout) => void;
}

/**
 * One schedule: invokes its function every period, the first time one period after start (as a new rule
 * does). One run at a time: a run that outlasts the period delays the next one instead of overlapping
 * it, and the skipped start is said. Each run prints one line: function, duration, outcome.
 */
export class LocalSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private nextAt = 0;
  private readonly now: () => number;
  private readonly setTimer: (run: () => void, ms: number) => NodeJS.Timeout;
  private readonly clearTimer: (timer: NodeJS.Timeout) => void;

  constructor(
    private readonly spec: ScheduleSpec,
    private readonly deps: ScheduleDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = deps.clearTimer ?? clearTimeout;
  }

  start(): void {
    this.nextAt = this.now() + this.spec.periodMs;
    this.arm();
  }

  /** Stops scheduling; resolves once a run in flight has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.clearTimer(this.timer);
    await this.running;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.setTimer(() => void this.tick(), Math.max(0, this.nextAt - this.now()));
  }

  private async tick(): Promise<void> {
    const scheduledAt = this.nextAt;
    this.running = this.run(scheduledAt);
    await this.running;
    this.running = undefined;
    this.nextAt = scheduledAt + this.spec.periodMs;
    const late = this.now() - this.nextAt;
    if (late > 0) {
      const missed = Math.ceil(late / this.spec.periodMs);
      this.deps.log.notice(
        `${this.spec.functionKey}: the run outlasted the period, ${missed} start${missed === 1 ? '' : 's'} skipped`,
      );
      this.nextAt += missed * this.spec.periodMs;
    }
    this.arm();
  }

  private async run(scheduledAt: number): Promise<void> {
    const { functionKey, functionName, invocationTimeoutMs } = this.spec;
    const event = scheduledEvent(this.spec, this.deps.region, new Date(scheduledAt));
    const started = this.now();
    const result = await this.deps.invoke(functionName, event, invocationTimeoutMs);
    const ms = this.now() - started;
    if (result.ok) this.deps.log.notice(`${functionKey} ${ms} ms ok`);
    else this.deps.log.warning(`${functionKey} ${ms} ms failed (${result.message})`);
  }
}
