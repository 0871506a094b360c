/**
 * `npm run emails [-- --json] [-- --to <address>]`: the emails the local AWS emulator captured instead of
 * sending, oldest first — recipient, subject and time; `--json` gives every field for scripts.
 */

import { readCapturedEmails, type CapturedEmail } from './infra/captured-emails';
import { parseOptions, runMain, table } from './command-line';

export function formatEmails(emails: readonly CapturedEmail[]): string {
  if (emails.length === 0) return 'No captured emails yet.';
  const rows = emails.map((email) => [
    email.sentAt
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z'),
    email.to.join(', '),
    email.subject,
  ]);
  return table(['sent (UTC)', 'to', 'subject'], rows);
}

export function emailsOptions(args: string[]) {
  return parseOptions(args, { to: { type: 'string' }, json: { type: 'boolean', default: false } });
}

async function main(args: string[]): Promise<number> {
  const { to, json } = emailsOptions(args);
  const emails = (await readCapturedEmails()).filter((email) => to === undefined || email.to.includes(to));
  console.log(json ? JSON.stringify(emails, null, 2) : formatEmails(emails));
  return 0;
}

if (require.main === module) runMain('emails', main);
