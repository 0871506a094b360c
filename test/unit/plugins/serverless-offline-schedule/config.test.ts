import {
  parseRate,
  scheduleSpecs,
  type ServiceView,
} from '../../../../plugins/serverless-offline-schedule/src/config';

function service(
  functions: Record<string, { events: Array<Record<string, unknown>>; timeout?: number }>,
  custom: Record<string, unknown> = {},
): ServiceView {
  return {
    service: 'shop',
    provider: { region: 'eu-west-1' },
    custom,
    getAllFunctions: () => Object.keys(functions),
    getFunction: (key) => functions[key]!,
  };
}

describe('parseRate', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 day)', 86_400_000],
  ])('reads %s as %d ms', (expression, ms) => {
    expect(parseRate(expression, 'here', false)).toBe(ms);
  });

  it('takes seconds only in a local rate, which AWS would refuse', () => {
    expect(parseRate('rate(5 seconds)', 'here', true)).toBe(5000);
    expect(() => parseRate('rate(5 seconds)', 'here', false)).toThrow(
      'serverless-offline-schedule: here: AWS has no rate in seconds; set a local one in custom.serverless-offline-schedule instead',
    );
  });

  it.each(['rate(0 minutes)', 'rate(minute)', 'every minute', 'rate(1.5 minutes)'])(
    'refuses %s, naming where it is',
    (expression) => {
      expect(() => parseRate(expression, 'function f, event 1 (schedule)', true)).toThrow(
        `function f, event 1 (schedule): "${expression}" is not rate(<whole number> <unit>)`,
      );
    },
  );
});

describe('scheduleSpecs', () => {
  it('runs a rate at its own period, with the deployed name and the function timeout plus a grace', () => {
    const { specs, skipped, owned } = scheduleSpecs(
      service({ sweep: { events: [{ schedule: 'rate(1 minute)' }, { httpApi: '*' }], timeout: 50 } }),
      'local',
    );

    expect(specs).toEqual([
      {
        functionKey: 'sweep',
        functionName: 'shop-local-sweep',
        expression: 'rate(1 minute)',
        localExpression: undefined,
        periodMs: 60_000,
        input: undefined,
        ruleName: 'shop-local-sweep-rule-1',
        invocationTimeoutMs: 55_000,
      },
    ]);
    expect(skipped).toEqual([]);
    expect(owned).toEqual([{ schedule: 'rate(1 minute)' }]);
  });

  it('runs a function with a local rate once per local period, whatever its schedules on AWS', () => {
    const { specs, owned } = scheduleSpecs(
      service(
        {
          sweep: {
            events: [
              { schedule: { rate: ['rate(1 minute)', 'cron(0 12 * * ? *)'] } },
              { schedule: 'rate(1 hour)' },
            ],
          },
        },
        { 'serverless-offline-schedule': { functions: { sweep: { rate: 'rate(5 seconds)' } } } },
      ),
      'local',
    );

    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({ localExpression: 'rate(5 seconds)', periodMs: 5000 });
    expect(owned).toHaveLength(2);
  });

  it('leaves a cron expression without a local rate to serverless-offline, and says so', () => {
    const cron = { schedule: 'cron(0 12 * * ? *)' };

    const { specs, skipped, owned } = scheduleSpecs(service({ report: { events: [cron] } }), 'local');

    expect(specs).toEqual([]);
    expect(owned).toEqual([]);
    expect(skipped).toEqual([
      {
        functionKey: 'report',
        expression: 'cron(0 12 * * ? *)',
        reason: 'a cron expression: serverless-offline runs it',
      },
    ]);
  });

  it('runs nothing for a disabled schedule, here or locally, yet keeps offline from running it', () => {
    const disabled = { schedule: { rate: ['rate(1 minute)'], enabled: false } };
    const locallyOff = { schedule: 'rate(1 minute)' };

    const { specs, owned } = scheduleSpecs(
      service(
        { a: { events: [disabled] }, b: { events: [locallyOff] } },
        { 'serverless-offline-schedule': { functions: { b: { enabled: false } } } },
      ),
      'local',
    );

    expect(specs).toEqual([]);
    expect(owned).toEqual([disabled, locallyOff]);
  });

  it('delivers the rule input instead of the scheduled event, a string as the JSON it holds', () => {
    const { specs } = scheduleSpecs(
      service({ a: { events: [{ schedule: { rate: ['rate(1 day)'], input: '{"full":true}' } }] } }),
      'local',
    );

    expect(specs[0]!.input).toEqual({ full: true });
  });

  it('names the setting that is wrong', () => {
    expect(() =>
      scheduleSpecs(
        service(
          { a: { events: [{ schedule: 'rate(1 minute)' }] } },
          { 'serverless-offline-schedule': { functions: { b: { rate: 'rate(5 seconds)' } } } },
        ),
        'local',
      ),
    ).toThrow(
      'serverless-offline-schedule: custom.serverless-offline-schedule.functions.b: no such function',
    );
    expect(() =>
      scheduleSpecs(
        service(
          { a: { events: [{ schedule: 'rate(1 minute)' }] } },
          { 'serverless-offline-schedule': { functions: { a: { rate: 'often' } } } },
        ),
        'local',
      ),
    ).toThrow(
      'custom.serverless-offline-schedule.functions.a.rate: "often" is not rate(<whole number> <unit>)',
    );
  });
});
