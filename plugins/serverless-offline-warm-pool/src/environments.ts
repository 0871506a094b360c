/**
 * What this plugin relies on in serverless-offline 14 (src/lambda): `LambdaFunctionPool#get(functionKey,
 * definition)` hands out a `LambdaFunction`, one execution environment of one function (its own worker
 * thread, its own module state); every caller then sets the event and awaits `runHandler()` in the same
 * tick, and `cleanup()` ends the environment (idle timeout, rebuild, shutdown).
 *
 * Left alone, `get` creates a new environment whenever every existing one is busy, with no bound: at 50
 * concurrent requests, 50 worker threads each load the function's bundle at once. Lambda would do the
 * same, but each of its environments has its own CPU and memory; on a laptop they all share a few cores,
 * every cold start slows down the others and memory grows by one environment per concurrent request.
 */
export interface Environment {
  setEvent(event: unknown): void;
  setClientContext(clientContext: unknown): void;
  runHandler(): Promise<unknown>;
  cleanup(): Promise<unknown>;
}

export interface EnvironmentPool {
  get(functionKey: string, definition: unknown): Environment;
}

export interface OfflineClasses {
  LambdaFunctionPool: { prototype: EnvironmentPool };
  LambdaFunction: { prototype: Environment };
}

/** How many environments a function may have at once. */
export type Limit = (functionKey: string) => number;

/** One function's environments in one pool. */
interface Slot {
  create: () => Environment;
  limit: number;
  /** Environments created and not cleaned up. */
  live: Set<Environment>;
  /** Environments handed to a caller whose invocation has not settled yet. */
  busy: Set<Environment>;
  /** Invocations waiting for an environment, first come first served. */
  waiting: Array<(environment: Environment) => void>;
}

/**
 * Bounds each function's warm environments, as Lambda's environments are bounded by its concurrency: an
 * idle environment is reused, a new one is created only below the limit, and an invocation that finds
 * all of them busy waits for the first one free instead of starting another. Returns a function that
 * undoes the change (for tests).
 */
export function boundEnvironments(classes: OfflineClasses, limit: Limit): () => void {
  const poolPrototype = classes.LambdaFunctionPool.prototype;
  const environmentPrototype = classes.LambdaFunction.prototype;
  const { get } = poolPrototype;
  const { runHandler, cleanup } = environmentPrototype;
  const slotsOf = new WeakMap<EnvironmentPool, Map<string, Slot>>();
  const slotOf = new WeakMap<Environment, Slot>();

  const slotFor = (pool: EnvironmentPool, functionKey: string, definition: unknown): Slot => {
    let slots = slotsOf.get(pool);
    if (!slots) slotsOf.set(pool, (slots = new Map()));
    let slot = slots.get(functionKey);
    if (!slot) {
      slot = {
        // serverless-offline's own get creates it, so its idle timer and cleanup keep managing it. It
        // reuses an environment it sees as idle, and none is: every environment it knows is busy here.
        create: () => get.call(pool, functionKey, definition),
        limit: Math.max(1, Math.floor(limit(functionKey))),
        live: new Set(),
        busy: new Set(),
        waiting: [],
      };
      slots.set(functionKey, slot);
    }
    return slot;
  };

  /** An idle environment, or a new one below the limit, marked busy; undefined when the function is at its limit. */
  const take = (slot: Slot): Environment | undefined => {
    let environment = [...slot.live].find((candidate) => !slot.busy.has(candidate));
    if (!environment && slot.live.size < slot.limit) {
      environment = slot.create();
      slot.live.add(environment);
      slotOf.set(environment, slot);
    }
    if (environment) slot.busy.add(environment);
    return environment;
  };

  /** Hands free environments to waiting invocations, in order, synchronously: nothing can take them between. */
  const serveWaiting = (slot: Slot) => {
    while (slot.waiting.length > 0) {
      const environment = take(slot);
      if (!environment) return;
      slot.waiting.shift()!(environment);
    }
  };

  poolPrototype.get = function boundedGet(this: EnvironmentPool, functionKey: string, definition: unknown) {
    const slot = slotFor(this, functionKey, definition);
    // Invocations already waiting go first.
    const environment = slot.waiting.length === 0 ? take(slot) : undefined;
    return environment ?? new QueuedInvocation(slot, serveWaiting);
  };

  environmentPrototype.runHandler = async function boundedRunHandler(this: Environment) {
    try {
      return await runHandler.call(this);
    } finally {
      const slot = slotOf.get(this);
      if (slot) {
        slot.busy.delete(this);
        serveWaiting(slot);
      }
    }
  };

  environmentPrototype.cleanup = function boundedCleanup(this: Environment) {
    // Ended (idle for too long, a rebuild, shutdown): no longer counts, and is never handed out again.
    // A busy one still finishes its invocation, which then frees its place.
    slotOf.get(this)?.live.delete(this);
    return cleanup.call(this);
  };

  return () => {
    poolPrototype.get = get;
    environmentPrototype.runHandler = runHandler;
    environmentPrototype.cleanup = cleanup;
  };
}

/** Stands in for an environment while the invocation waits for one, then runs it there. */
class QueuedInvocation implements Environment {
  private event: unknown;
  private clientContext: { value: unknown } | undefined;

  constructor(
    private readonly slot: Slot,
    private readonly serveWaiting: (slot: Slot) => void,
  ) {}

  setEvent(event: unknown): void {
    this.event = event;
  }

  setClientContext(clientContext: unknown): void {
    this.clientContext = { value: clientContext };
  }

  runHandler(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.slot.waiting.push((environment) => {
        if (this.clientContext) environment.setClientContext(this.clientContext.value);
        environment.setEvent(this.event);
        environment.runHandler().then(resolve, reject);
      });
      // A place may have freed up since `get` (a rebuild ended an environment).
      this.serveWaiting(this.slot);
    });
  }

  async cleanup(): Promise<void> {}
}
