import { SESClient } from '@aws-sdk/client-ses';
import { note, signal, switchOn, takeSwitch } from './switches';

/**
 * notify with a hold switch: while `hold-mid-batch` is on, an invocation that has already sent one email
 * stops before sending the next and never goes on (it says so with a `held-<pid>` file), so the suite can
 * kill the process with a batch half emailed and nothing committed. From then on every send of this
 * process holds too: the other partitions of the batch run on, and an email of theirs accepted by SES a
 * moment before the kill, its SENT not yet written, would be sent again after it. That is the one window
 * docs/notifications.md names (at least once wins over at most once); this suite kills outside it.
 *
 * Every send that ends without an answer from SES (a timeout, a dropped connection) is noted with its order
 * in `abandoned-sends`: SES may still carry it out (a frozen emulator reads it once thawed), and notify's
 * redelivery then sends that email a second time. It is the same window, and the only duplicate the
 * suite accepts, for those orders only.
 */
const send = SESClient.prototype.send;
let sentWhileArmed = 0;
let holding = false;
SESClient.prototype.send = async function (this: SESClient, ...args: unknown[]) {
  if (holding || (switchOn('hold-mid-batch') && sentWhileArmed++ >= 1)) {
    if (!holding && takeSwitch('hold-mid-batch')) {
      holding = true;
      signal('held');
    }
    await new Promise(() => undefined);
  }
  try {
    return await (send as (...a: unknown[]) => Promise<unknown>).apply(this, args);
  } catch (error) {
    const answered = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (answered === undefined) note('abandoned-sends', orderOf(args[0]));
    throw error;
  }
} as typeof send;

/** The order an email is about: the id its text names, as the suite reads captured emails. */
function orderOf(command: unknown): string {
  const text = JSON.stringify((command as { input?: unknown }).input ?? {});
  return /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\./.exec(text)?.[1] ?? '(unknown)';
}

export { handler } from '../../../functions/notifications/order-events';
