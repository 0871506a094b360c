import type { User } from '../../src/users/domain/user.entity';

/** A user as the API shows it (docs/openapi.yaml `User`). */
export function userBody(user: User) {
  return { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt };
}
