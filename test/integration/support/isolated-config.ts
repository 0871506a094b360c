import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../scripts/infra/local';

/**
 * serverless.yml with order-events replaced by `topic` and notify's and analytics' consumer groups named
 * after it, written next to it as `serverless.<purpose>-<id>.yml` (git-ignored): the real `order-events`,
 * `notification-service-group` and `analytics-service-group` belong to whoever runs the system on this
 * broker. With `httpPort`,
 * create-order calls user-service on that port (offline's own) instead of 3000. Returns the file name,
 * for `--config`; the caller removes it.
 */
export function isolatedConfig(topic: string, purpose: string, httpPort?: number): string {
  const replace = (text: string, from: RegExp, to: string) => {
    if (!from.test(text)) throw new Error(`serverless.yml no longer matches ${from}: update this test`);
    return text.replace(from, to);
  };
  let config = fs.readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8');
  config = replace(config, /(\n {4}orderEvents:\n {6}name: )order-events\n/, `$1${topic}\n`);
  config = replace(config, /(\n {4}notify: )notification-service-group\n/, `$1${topic}\n`);
  config = replace(config, /(\n {4}analytics: )analytics-service-group\n/, `$1${topic}-analytics\n`);
  if (httpPort !== undefined) {
    config = replace(
      config,
      /(\n {4}userServiceUrl: )http:\/\/localhost:3000\n/,
      `$1http://localhost:${httpPort}\n`,
    );
  }
  const file = `serverless.${purpose}-${randomUUID().slice(0, 8)}.yml`;
  fs.writeFileSync(path.join(ROOT, file), config);
  return file;
}
