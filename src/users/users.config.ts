import { once, requireEnv } from '../shared/config/env';

/** user-service's environment, read once per cold start. */
export const usersConfig = once(() => ({
  table: requireEnv('USERS_TABLE'),
}));
