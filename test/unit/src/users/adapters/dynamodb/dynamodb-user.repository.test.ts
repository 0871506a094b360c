import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbUserRepository } from '../../../../../../src/users/adapters/dynamodb/dynamodb-user.repository';
import {
  EmailAlreadyRegisteredError,
  UserStoreUnavailableError,
} from '../../../../../../src/users/domain/user.errors';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(db);
const repository = new DynamoDbUserRepository(db, 'users-table');
const user = {
  id: '550e8400-e29b-41d4-a716-446655440000',
  name: 'Ana',
  email: 'Ana@Example.com',
  createdAt: '2026-01-20T10:30:00.000Z',
};

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

beforeEach(() => mock.reset());

describe('DynamoDbUserRepository', () => {
  it('writes the user and the claim on its lower-cased email in one conditional transaction', async () => {
    mock.on(TransactWriteCommand).resolves({});

    await repository.add(user);

    const [call] = mock.commandCalls(TransactWriteCommand);
    expect(call!.args[0].input).toEqual({
      ClientRequestToken: user.id,
      TransactItems: [
        { Put: { TableName: 'users-table', Item: user, ConditionExpression: 'attribute_not_exists(id)' } },
        {
          Put: {
            TableName: 'users-table',
            Item: { id: 'email#ana@example.com', userId: user.id },
            ConditionExpression: 'attribute_not_exists(id)',
          },
        },
      ],
    });
  });

  it('reports a taken email when the claim condition fails', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));

    await expect(repository.add(user)).rejects.toThrow(EmailAlreadyRegisteredError);
  });

  it('marks throttling and timeouts as an unavailable store', async () => {
    const throttled = Object.assign(new Error('slow down'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    mock.on(TransactWriteCommand).rejects(throttled);
    mock.on(GetCommand).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    await expect(repository.add(user)).rejects.toThrow(UserStoreUnavailableError);
    await expect(repository.findById(user.id)).rejects.toThrow(UserStoreUnavailableError);
  });

  it('lets a request that can never succeed surface as it is', async () => {
    const missingTable = Object.assign(new Error('Requested resource not found'), {
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    mock.on(GetCommand).rejects(missingTable);

    await expect(repository.findById(user.id)).rejects.toBe(missingTable);
  });

  it('reads a user with a strongly consistent read, and nothing for an email claim or a missing id', async () => {
    mock
      .on(GetCommand)
      .resolves({})
      .on(GetCommand, { Key: { id: user.id } })
      .resolves({ Item: user })
      .on(GetCommand, { Key: { id: 'email#ana@example.com' } })
      .resolves({ Item: { id: 'email#ana@example.com', userId: user.id } });

    expect(await repository.findById(user.id)).toEqual(user);
    expect(await repository.findById('email#ana@example.com')).toBeUndefined();
    expect(await repository.findById('6f1c8c1e-0000-4000-8000-000000000000')).toBeUndefined();
    expect(mock.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ ConsistentRead: true });
  });

  it('finds the holder of an email through its claim, whatever its case', async () => {
    mock
      .on(GetCommand, { Key: { id: 'email#ana@example.com' } })
      .resolves({ Item: { id: 'email#ana@example.com', userId: user.id } })
      .on(GetCommand, { Key: { id: user.id } })
      .resolves({ Item: user });

    expect(await repository.findByEmail('ANA@example.com')).toEqual(user);
    expect(mock.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([
      true,
      true,
    ]);
  });

  it('finds no holder for an unclaimed email', async () => {
    mock.on(GetCommand).resolves({});

    expect(await repository.findByEmail('nobody@example.com')).toBeUndefined();
  });
});
