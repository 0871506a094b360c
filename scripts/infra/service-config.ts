import { frameworkNaming } from '../../plugins/serverless-offline-kafka/src/config';

/**
 * serverless.yml with notify consuming `topic` in consumer group `group` (and analytics in
 * `<group>-analytics`) instead of order-events and their own groups. notify's mapping settings in resources.extensions are keyed by the
 * mapping's logical id, which the topic is part of: the key follows the topic, so the copy runs the very
 * settings `npm run dev` does (partial batch responses, retries, record age, batching window).
 */
export function withOrderEventsTopic(config: string, topic: string, group: string): string {
  const mappingId = (fn: string, name: string) =>
    frameworkNaming.getMSKEventLogicalId(fn, 'MskClusterArn', name);
  config = replaceOnce(config, /(\n {4}orderEvents:\n {6}name: )order-events\n/, `$1${topic}\n`);
  config = replaceOnce(config, /(\n {4}notify: )notification-service-group\n/, `$1${group}\n`);
  config = replaceOnce(config, /(\n {4}analytics: )analytics-service-group\n/, `$1${group}-analytics\n`);
  for (const fn of ['notify', 'analytics']) {
    config = replaceOnce(
      config,
      new RegExp(`(\\n {4})${mappingId(fn, 'order-events')}:\\n`),
      `$1${mappingId(fn, topic)}:\n`,
    );
  }
  return config;
}

/** Replaces the one match of `from`; throws when serverless.yml no longer has it. */
export function replaceOnce(config: string, from: RegExp, to: string): string {
  if (!from.test(config)) throw new Error(`serverless.yml no longer matches ${from}: update ${__filename}`);
  return config.replace(from, to);
}
