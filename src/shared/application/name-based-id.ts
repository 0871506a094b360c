import { createHash } from 'node:crypto';
import { isUuid } from '../domain/uuid';

/**
 * The UUID that `name` has within `namespace`: a name-based UUID (RFC 9562 version 5, SHA-1 of the
 * namespace's 16 bytes and the name's UTF-8), the same on every call and every machine. An id derived from
 * something a client sends again (its request key) is the same id again.
 * @throws TypeError when `namespace` is not a UUID (a programming error).
 */
export function nameBasedId(namespace: string, name: string): string {
  if (!isUuid(namespace)) throw new TypeError(`namespace must be a UUID, got ${namespace}`);
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // the RFC's variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
