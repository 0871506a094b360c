import { benchOptions } from '../../../scripts/bench/order-to-email';
import { parseOptions } from '../../../scripts/command-line';
import { offlineHttpPort } from '../../../scripts/dev';
import { emailsOptions } from '../../../scripts/emails';
import { lagOptions } from '../../../scripts/lag';

describe('the options of the npm commands', () => {
  it('reads --name=value as well as --name value', () => {
    expect(benchOptions(['--orders=5'])).toEqual({ api: 'http://localhost:3000', orders: 5 });
    expect(benchOptions(['--orders', '5', '--api', 'http://localhost:3300'])).toEqual({
      api: 'http://localhost:3300',
      orders: 5,
    });
    expect(lagOptions(['--group=g1', '--json'])).toEqual({ topic: 'order-events', group: 'g1', json: true });
    expect(emailsOptions(['--to=ana@example.com'])).toEqual({ to: 'ana@example.com', json: false });
  });

  it('refuses a misspelled option, naming it and the ones the command takes', () => {
    expect(() => benchOptions(['--order', '5'])).toThrow(
      'unknown option --order; this command takes --api, --orders',
    );
    expect(() => lagOptions(['--grop', 'g1'])).toThrow('unknown option --grop');
  });

  it('refuses an option without its value and a stray argument', () => {
    expect(() => emailsOptions(['--to'])).toThrow(/--to/);
    expect(() => emailsOptions(['ana@example.com'])).toThrow(/ana@example\.com/);
  });

  it('checks values where the command has a range', () => {
    expect(() => benchOptions(['--orders=0'])).toThrow('--orders must be 1 to 100');
    expect(() => benchOptions(['--orders=ten'])).toThrow('--orders must be 1 to 100');
  });

  it('takes no default from a command that declares none', () => {
    expect(parseOptions([], { group: { type: 'string' } })).toEqual({});
  });
});

describe('npm run dev', () => {
  it("finds offline's --httpPort in either form, leaving every other argument to offline", () => {
    expect(offlineHttpPort(['--httpPort=3300', '--lambdaPort', '3302'])).toBe('3300');
    expect(offlineHttpPort(['--lambdaPort', '3302', '--httpPort', '3300'])).toBe('3300');
    expect(offlineHttpPort(['--noTimeout'])).toBeUndefined();
  });
});
