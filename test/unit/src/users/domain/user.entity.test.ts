import { registerUser } from '../../../../../src/users/domain/user.entity';
import { InvalidNameError } from '../../../../../src/users/domain/user.errors';

const base = { id: '00000000-0000-4000-8000-000000000001', email: 'ana@example.com', createdAt: new Date(0) };

describe('registerUser', () => {
  it('trims the name and stamps the creation in UTC ISO-8601', () => {
    expect(registerUser({ ...base, name: '  Ana García  ' })).toEqual({
      id: base.id,
      name: 'Ana García',
      email: 'ana@example.com',
      createdAt: '1970-01-01T00:00:00.000Z',
    });
  });

  it('counts characters as a reader does: 100 emoji are a valid name', () => {
    expect(registerUser({ ...base, name: '📦'.repeat(100) }).name).toHaveLength(200);
  });

  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['a'.repeat(101), 'at most 100 characters'],
    ['Ana\nGarcía', 'single line'],
    ['Ana\u0000', 'single line'],
  ])('refuses the name %p', (name, message) => {
    expect(() => registerUser({ ...base, name })).toThrow(InvalidNameError);
    expect(() => registerUser({ ...base, name })).toThrow(message);
  });
});
