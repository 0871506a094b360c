import { CreateUserUseCase } from '../../../../../../src/users/application/use-cases/create-user.use-case';
import { GetUserUseCase } from '../../../../../../src/users/application/use-cases/get-user.use-case';
import { InvalidIdError } from '../../../../../../src/shared/domain/id.value-object';
import {
  EmailAlreadyRegisteredError,
  InvalidEmailError,
  UserNotFoundError,
} from '../../../../../../src/users/domain/user.errors';
import { fixedClock, InMemoryUserRepository, sequentialIds } from '../../../../fakes/in-memory';

function setup() {
  const users = new InMemoryUserRepository();
  return {
    users,
    createUser: new CreateUserUseCase(users, fixedClock(), sequentialIds()),
    getUser: new GetUserUseCase(users),
  };
}

describe('CreateUserUseCase', () => {
  it('registers a user that can then be found by id', async () => {
    const { createUser, getUser } = setup();

    const user = await createUser.execute({ name: 'Ana', email: 'ana@example.com' });

    expect(user).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Ana',
      email: 'ana@example.com',
      createdAt: '2026-01-20T10:30:00.000Z',
    });
    expect(await getUser.execute(user.id.toUpperCase())).toEqual(user);
  });

  it('refuses an email already registered in another case', async () => {
    const { createUser } = setup();
    await createUser.execute({ name: 'Ana', email: 'ana@example.com' });

    await expect(createUser.execute({ name: 'Ana B', email: 'ANA@example.com' })).rejects.toThrow(
      EmailAlreadyRegisteredError,
    );
  });

  it('stores nothing for an invalid email', async () => {
    const { createUser, users } = setup();

    await expect(createUser.execute({ name: 'Ana', email: 'ana' })).rejects.toThrow(InvalidEmailError);
    expect(users.users.size).toBe(0);
  });
});

describe('GetUserUseCase', () => {
  it('refuses an id that is not a UUID, naming the path parameter', async () => {
    await expect(setup().getUser.execute('42')).rejects.toThrow(InvalidIdError);
    await expect(setup().getUser.execute('42')).rejects.toMatchObject({ field: 'id' });
  });

  it('reports a missing user', async () => {
    await expect(setup().getUser.execute('6f1c8c1e-0000-4000-8000-000000000000')).rejects.toThrow(
      UserNotFoundError,
    );
  });
});
