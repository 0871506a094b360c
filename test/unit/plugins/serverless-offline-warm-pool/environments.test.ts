import { boundEnvironments } from '../../../../plugins/serverless-offline-warm-pool/src/environments';

/**
 * Stand-ins with serverless-offline 14's behaviour: the pool reuses an IDLE function or creates one, a
 * function is BUSY while its handler runs, and cleanup ends it (the pool forgets it).
 */
class FakeLambdaFunction {
  static created: FakeLambdaFunction[] = [];
  status: 'IDLE' | 'BUSY' = 'IDLE';
  event: unknown;
  clientContext: unknown;
  cleanedUp = false;
  /** The events this environment ran, in order. */
  ran: unknown[] = [];
  private invocations: Array<{ resolve(result: unknown): void; reject(error: Error): void }> = [];

  constructor(readonly functionKey: string) {
    FakeLambdaFunction.created.push(this);
  }

  setEvent(event: unknown) {
    this.event = event;
  }

  setClientContext(clientContext: unknown) {
    this.clientContext = clientContext;
  }

  async runHandler(): Promise<unknown> {
    this.status = 'BUSY';
    this.ran.push(this.event);
    try {
      return await new Promise((resolve, reject) => this.invocations.push({ resolve, reject }));
    } finally {
      this.status = 'IDLE';
    }
  }

  /** Ends the invocation in flight with `result`. */
  finish(result: unknown = 'done') {
    this.invocations.shift()!.resolve(result);
  }

  /** Ends the invocation in flight with an error, as a failing handler does. */
  fail(error: Error) {
    this.invocations.shift()!.reject(error);
  }

  async cleanup() {
    this.cleanedUp = true;
  }
}

class FakePool {
  readonly functions = new Map<string, Set<FakeLambdaFunction>>();

  get(functionKey: string, _definition: unknown): FakeLambdaFunction {
    const set = this.functions.get(functionKey) ?? new Set<FakeLambdaFunction>();
    this.functions.set(functionKey, set);
    const idle = [...set].find((fn) => fn.status === 'IDLE');
    if (idle) return idle;
    const created = new FakeLambdaFunction(functionKey);
    set.add(created);
    return created;
  }

  /** What offline's idle timer and its cleanup on a rebuild do. */
  async cleanupAll() {
    for (const set of this.functions.values()) for (const fn of set) await fn.cleanup();
    this.functions.clear();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** What serverless-offline's HTTP server does per request: get, set the event, run, in one tick. */
function invoke(pool: FakePool, functionKey: string, event: unknown): Promise<unknown> {
  const fn = pool.get(functionKey, {});
  fn.setEvent(event);
  return fn.runHandler();
}

describe('boundEnvironments', () => {
  let undo: () => void;
  const limits: Record<string, number> = { createOrder: 2, getUser: 1 };

  beforeEach(() => {
    FakeLambdaFunction.created = [];
    undo = boundEnvironments(
      { LambdaFunctionPool: FakePool, LambdaFunction: FakeLambdaFunction },
      (functionKey) => limits[functionKey] ?? 4,
    );
  });

  afterEach(() => undo());

  it('creates environments up to the limit, then makes further invocations wait instead of creating more', async () => {
    const pool = new FakePool();

    const results = [1, 2, 3, 4, 5].map((n) => invoke(pool, 'createOrder', n));
    await flush();

    expect(FakeLambdaFunction.created).toHaveLength(2);
    expect(FakeLambdaFunction.created.map((fn) => fn.ran)).toEqual([[1], [2]]);

    const [first, second] = FakeLambdaFunction.created as [FakeLambdaFunction, FakeLambdaFunction];
    first.finish('one');
    await flush();
    second.finish('two');
    await flush();
    first.finish('three');
    await flush();
    second.finish('four');
    await flush();
    first.finish('five');

    expect(await Promise.all(results)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(FakeLambdaFunction.created).toHaveLength(2);
    // Waiting invocations ran in the order they arrived, each on the first environment to free up.
    expect(first.ran).toEqual([1, 3, 5]);
    expect(second.ran).toEqual([2, 4]);
  });

  it('reuses an idle environment rather than creating one, as Lambda reuses a warm environment', async () => {
    const pool = new FakePool();

    const first = invoke(pool, 'createOrder', 'a');
    FakeLambdaFunction.created[0]!.finish();
    await first;
    const second = invoke(pool, 'createOrder', 'b');
    FakeLambdaFunction.created[0]!.finish();
    await second;

    expect(FakeLambdaFunction.created).toHaveLength(1);
    expect(FakeLambdaFunction.created[0]!.ran).toEqual(['a', 'b']);
  });

  it('bounds each function on its own', async () => {
    const pool = new FakePool();

    [1, 2, 3].forEach((n) => void invoke(pool, 'createOrder', n));
    [1, 2, 3].forEach((n) => void invoke(pool, 'getUser', n));
    [1, 2, 3].forEach((n) => void invoke(pool, 'notify', n));
    await flush();

    const count = (key: string) => FakeLambdaFunction.created.filter((fn) => fn.functionKey === key).length;
    expect([count('createOrder'), count('getUser'), count('notify')]).toEqual([2, 1, 3]);
  });

  it('runs a waiting invocation with its own event and client context, and hands it its failure', async () => {
    const pool = new FakePool();
    const first = invoke(pool, 'getUser', 'first');
    const queued = pool.get('getUser', {});
    queued.setClientContext({ client: 'kafka' });
    queued.setEvent('second');
    const second = queued.runHandler();
    const environment = FakeLambdaFunction.created[0]!;

    environment.finish('first done');
    await flush();
    expect(environment.event).toBe('second');
    expect(environment.clientContext).toEqual({ client: 'kafka' });
    environment.fail(new Error('handler failed'));

    await expect(first).resolves.toBe('first done');
    await expect(second).rejects.toThrow('handler failed');
    // A failure frees the environment like a success does.
    const third = invoke(pool, 'getUser', 'third');
    environment.finish('third done');
    await expect(third).resolves.toBe('third done');
    expect(FakeLambdaFunction.created).toHaveLength(1);
  });

  it('stops counting an environment once offline cleans it up, and never hands it out again', async () => {
    const pool = new FakePool();
    const first = invoke(pool, 'getUser', 'a');
    const environment = FakeLambdaFunction.created[0]!;
    environment.finish();
    await first;

    await pool.cleanupAll();
    const second = invoke(pool, 'getUser', 'b');
    await flush();

    expect(FakeLambdaFunction.created).toHaveLength(2);
    expect(FakeLambdaFunction.created[1]!.ran).toEqual(['b']);
    expect(environment.ran).toEqual(['a']);
    FakeLambdaFunction.created[1]!.finish();
    await second;
  });

  it('lets a busy environment that was cleaned up finish, and serves the waiting invocations elsewhere', async () => {
    const pool = new FakePool();
    const first = invoke(pool, 'getUser', 'in flight');
    const waiting = invoke(pool, 'getUser', 'waiting');
    const old = FakeLambdaFunction.created[0]!;

    // A rebuild: offline cleans up every environment, busy or not.
    await pool.cleanupAll();
    old.finish('old');
    await flush();

    expect(await first).toBe('old');
    const fresh = FakeLambdaFunction.created[1]!;
    expect(fresh.ran).toEqual(['waiting']);
    fresh.finish('fresh');
    expect(await waiting).toBe('fresh');
  });

  it('restores serverless-offline as it was', () => {
    undo();
    const pool = new FakePool();

    [1, 2, 3].forEach((n) => void invoke(pool, 'getUser', n));

    expect(FakeLambdaFunction.created).toHaveLength(3);
    undo = () => undefined;
  });
});
