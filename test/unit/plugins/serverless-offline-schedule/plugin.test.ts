import ServerlessOfflineSchedule from '../../../../plugins/serverless-offline-schedule/src/index';

class FrameworkError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function serverless(functions: Record<string, { events: Array<Record<string, unknown>> }>, custom = {}) {
  return {
    service: {
      service: 'shop',
      provider: { stage: 'local', region: 'us-east-1' },
      custom,
      getAllFunctions: () => Object.keys(functions),
      getFunction: (key: string) => functions[key]!,
    },
    classes: { Error: FrameworkError },
  };
}

function plugin(sls: ReturnType<typeof serverless>) {
  const lines: string[] = [];
  const log = {
    notice: (l: string) => lines.push(l),
    warning: (l: string) => lines.push(`warning: ${l}`),
    error: (l: string) => lines.push(`error: ${l}`),
  };
  return { lines, hooks: new ServerlessOfflineSchedule(sls, {}, { log }).hooks };
}

describe('ServerlessOfflineSchedule', () => {
  it('takes over the schedules it runs, so serverless-offline does not run them too, and leaves other events', async () => {
    const functions = {
      sweep: { events: [{ schedule: 'rate(1 minute)' }, { httpApi: { method: 'GET', path: '/x' } }] },
      report: { events: [{ schedule: 'cron(0 12 * * ? *)' }] },
    };
    const { hooks, lines } = plugin(
      serverless(functions, {
        'serverless-offline-schedule': { functions: { sweep: { rate: 'rate(5 seconds)' } } },
      }),
    );

    hooks['before:offline:start:init']!();
    await hooks['after:offline:start:init']!();
    await hooks['before:offline:start:end']!();

    expect(functions.sweep.events).toEqual([{ httpApi: { method: 'GET', path: '/x' } }]);
    expect(functions.report.events).toEqual([{ schedule: 'cron(0 12 * * ? *)' }]);
    expect(lines).toEqual([
      'schedule report cron(0 12 * * ? *): a cron expression: serverless-offline runs it',
      'schedule sweep rate(1 minute) on AWS, rate(5 seconds) here (custom.serverless-offline-schedule): every 5 s',
      'schedule runs stopped',
    ]);
  });

  it('stops `offline start` before offline starts when a setting is wrong, naming it without a stack trace', () => {
    const { hooks } = plugin(
      serverless(
        { sweep: { events: [{ schedule: 'rate(1 minute)' }] } },
        { 'serverless-offline-schedule': { functions: { sweep: { rate: 'rate(1 fortnight)' } } } },
      ),
    );

    expect(() => hooks['before:offline:start:init']!()).toThrow(FrameworkError);
    expect(() => hooks['before:offline:start:init']!()).toThrow(
      'serverless-offline-schedule: custom.serverless-offline-schedule.functions.sweep.rate: "rate(1 fortnight)" is not rate(<whole number> <unit>)',
    );
  });

  it('warns that plain `serverless offline` keeps its own minute-precision schedules', () => {
    const { hooks, lines } = plugin(serverless({ sweep: { events: [{ schedule: 'rate(1 minute)' }] } }));

    hooks['before:offline:start']!();

    expect(lines).toEqual([
      'warning: schedule local rates apply under `serverless offline start`; plain `serverless offline` runs schedules at its own minute precision',
    ]);
  });
});
