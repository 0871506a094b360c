import { nameBasedId } from '../../../../../src/shared/application/name-based-id';

/** RFC 9562's DNS namespace: its published version 5 examples are computed in it. */
const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('nameBasedId', () => {
  it('is the RFC 9562 version 5 UUID of the name in the namespace', () => {
    expect(nameBasedId(DNS, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(nameBasedId(DNS, 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('is the same for the same name and namespace, and differs when either differs', () => {
    const id = nameBasedId(DNS, 'order\nkey-1');

    expect(nameBasedId(DNS.toUpperCase(), 'order\nkey-1')).toBe(id);
    expect(nameBasedId(DNS, 'order\nkey-2')).not.toBe(id);
    expect(nameBasedId('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'order\nkey-1')).not.toBe(id);
  });

  it('hashes the name as UTF-8', () => {
    expect(nameBasedId('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'héllo')).toBe(
      '102d6fae-a0b0-5a7a-b980-5e8cfb1690db',
    );
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => nameBasedId('orders', 'key')).toThrow(TypeError);
  });
});
