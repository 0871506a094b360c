import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../scripts/infra/local';

/**
 * A copy of serverless.yml whose consumer reads `topic` in a group of the same name: the real
 * `order-events` and `notification-service-group` belong to whoever runs the system on this broker.
 * `userServiceUrl` points order-service at the test's own offline port. Returns the file name (in the
 * project's root, where serverless looks for it); the caller removes it.
 */
export function isolatedConfig(topic: string, options: { httpPort?: number } = {}): string {
  const replace = (text: string, from: RegExp, to: string) => {
    if (!from.test(text)) throw new Error(`serverless.yml no longer matches ${from}: update this test`);
    return text.replace(from, to);
  };
  let config = fs.readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8');
  config = replace(config, /(\n {4}orderEvents:\n {6}name: )order-events\n/, `$1${topic}\n`);
  config = replace(config, /(\n {4}notify: )notification-service-group\n/, `$1${topic}\n`);
  if (options.httpPort !== undefined) {
    config = replace(
      config,
      /(\n {4}userServiceUrl: )http:\/\/localhost:3000\n/,
      `$1http://localhost:${options.httpPort}\n`,
    );
  }
  const file = `serverless.dev-test-${randomUUID().slice(0, 8)}.yml`;
  fs.writeFileSync(path.join(ROOT, file), config);
  return file;
}
