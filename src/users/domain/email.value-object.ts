import { InvalidEmailError } from './user.errors';

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * An address mail can be delivered to, as the user typed it (trimmed): `local@domain.tld`, at most 254
 * characters, local part at most 64, no quoted local parts or IP-literal domains.
 * @throws InvalidEmailError
 */
export function parseEmail(raw: string): string {
  const email = raw.trim();
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  const valid =
    email.length <= 254 &&
    at > 0 &&
    local.length <= 64 &&
    LOCAL_PART.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL.test(labels[labels.length - 1]!);
  if (!valid) throw new InvalidEmailError('email must be a valid address like ana@example.com', 'email');
  return email;
}

/** What makes two addresses the same account: case is ignored, as every mail provider in practice does. */
export function emailIdentity(email: string): string {
  return email.toLowerCase();
}
