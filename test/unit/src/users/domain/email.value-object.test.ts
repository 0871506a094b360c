import { emailIdentity, parseEmail } from '../../../../../src/users/domain/email.value-object';
import { InvalidEmailError } from '../../../../../src/users/domain/user.errors';

describe('parseEmail', () => {
  it.each([
    'ana@example.com',
    'Ana.Garcia+orders@mail.example.co.uk',
    "o'brien@example.ie",
    'x@xn--80ak6aa92e.com',
  ])('accepts %s', (email) => {
    expect(parseEmail(email)).toBe(email);
  });

  it('trims what the user typed around the address', () => {
    expect(parseEmail('  ana@example.com \n')).toBe('ana@example.com');
  });

  it.each([
    '',
    'ana',
    'ana@',
    '@example.com',
    'ana@example',
    'ana@@example.com',
    'ana@exa mple.com',
    'ana..garcia@example.com',
    '.ana@example.com',
    'ana@-example.com',
    'ana@example.c',
    '"ana"@example.com',
    'ana@[127.0.0.1]',
    `${'a'.repeat(65)}@example.com`,
    `ana@${'a'.repeat(250)}.com`,
  ])('refuses %p naming the field', (email) => {
    expect(() => parseEmail(email)).toThrow(InvalidEmailError);
    expect(() => parseEmail(email)).toThrow(expect.objectContaining({ field: 'email' }));
  });
});

describe('emailIdentity', () => {
  it('makes addresses that differ only in case the same account', () => {
    expect(emailIdentity('Ana@Example.COM')).toBe(emailIdentity('ana@example.com'));
  });
});
