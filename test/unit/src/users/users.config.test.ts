describe('user-service configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  const load = async (env: Record<string, string>) => {
    process.env = { ...env };
    const { usersConfig } = await import('../../../../src/users/users.config');
    return usersConfig();
  };

  it('reads the users table', async () => {
    expect(await load({ USERS_TABLE: 'users' })).toEqual({ table: 'users' });
  });

  it('fails at start, naming the variable, when the table is missing or blank', async () => {
    await expect(load({ USERS_TABLE: ' ' })).rejects.toThrow('missing environment variable USERS_TABLE');
  });
});
