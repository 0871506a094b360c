import {
  CreateUserUseCase,
  REGISTRATION_RETRY_WINDOW_MS,
} from '../../../../../../src/users/application/use-cases/create-user.use-case';
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

  it('answers a registration retried after a lost answer with the user the first attempt stored', async () => {
    const users = new InMemoryUserRepository();
    const first = await new CreateUserUseCase(users, fixedClock(), sequentialIds()).execute({
      name: 'Ana',
      email: 'ana@example.com',
    });
    const retry = new CreateUserUseCase(users, fixedClock('2026-01-20T10:30:07.000Z'), sequentialIds());

    const again = await retry.execute({ name: ' Ana ', email: 'ana@example.com' });

    expect(again).toEqual(first);
    expect(users.users.size).toBe(1);
  });

  it('refuses the same name and email once the retry window is over', async () => {
    const users = new InMemoryUserRepository();
    await new CreateUserUseCase(users, fixedClock(), sequentialIds()).execute({
      name: 'Ana',
      email: 'ana@example.com',
    });
    const dayLater = new Date(Date.parse('2026-01-20T10:30:00.000Z') + REGISTRATION_RETRY_WINDOW_MS + 1);
    const late = new CreateUserUseCase(users, fixedClock(dayLater.toISOString()), sequentialIds());

    await expect(late.execute({ name: 'Ana', email: 'ana@example.com' })).rejects.toThrow(
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
