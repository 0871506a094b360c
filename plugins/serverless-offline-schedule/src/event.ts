import { randomUUID } from 'node:crypto';
import type { ScheduleSpec } from './config';

/** The account the local events name: not a real one. */
export const LOCAL_ACCOUNT = '000000000000';

/**
 * What EventBridge delivers to a function on a schedule: the rule's `input` when it has one, otherwise
 * a "Scheduled Event" naming the rule, with `time` in whole seconds (the scheduled time, not the call's).
 */
export function scheduledEvent(spec: ScheduleSpec, region: string, at: Date): unknown {
  if (spec.input !== undefined) return spec.input;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${LOCAL_ACCOUNT}:rule/${spec.ruleName}`],
    detail: {},
  };
}
