import { SESClient } from '@aws-sdk/client-ses';
import { signal, switchOn, takeSwitch } from './switches';

/**
 * notify with a hold switch: while `hold-mid-batch` is on, an invocation that has already sent one email
 * stops before sending the next and never goes on (it says so with a `held-<pid>` file), so the suite can
 * kill the process with a batch half emailed and nothing committed.
 */
const send = SESClient.prototype.send;
let sentWhileArmed = 0;
SESClient.prototype.send = async function (this: SESClient, ...args: unknown[]) {
  if (switchOn('hold-mid-batch') && sentWhileArmed++ >= 1) {
    if (takeSwitch('hold-mid-batch')) signal('held');
    await new Promise(() => undefined);
  }
  return (send as (...a: unknown[]) => Promise<unknown>).apply(this, args);
} as typeof send;

export { handler } from '../../../functions/notifications/order-events';
