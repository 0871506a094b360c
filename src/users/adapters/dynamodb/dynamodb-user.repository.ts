import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UserRepositoryPort } from '../../application/ports/user.repository.port';
import { emailIdentity } from '../../domain/email.value-object';
import type { User } from '../../domain/user.entity';
import { EmailAlreadyRegisteredError, UserStoreUnavailableError } from '../../domain/user.errors';
import { isTransientAwsError } from '../../../shared/aws/aws-errors';

/**
 * Users in their DynamoDB table (key `id`). Each user's email is claimed by a second item,
 * `id = "email#<address in lower case>"`, written in the same transaction: a GSI could not enforce
 * uniqueness, a conditional write on a key can.
 */
export class DynamoDbUserRepository implements UserRepositoryPort {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(user: User): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          // A retry of a transaction that landed but whose answer was lost replays as a success instead
          // of failing on its own email claim.
          ClientRequestToken: user.id,
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt },
                ConditionExpression: 'attribute_not_exists(id)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { id: emailClaimId(user.email), userId: user.id },
                ConditionExpression: 'attribute_not_exists(id)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new EmailAlreadyRegisteredError('a user with this email already exists', { cause: error });
      }
      throw translated(error);
    }
  }

  async findById(id: string): Promise<User | undefined> {
    try {
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
      );
      return Item && isUserItem(Item) ? toUser(Item) : undefined;
    } catch (error) {
      throw translated(error);
    }
  }

  async findByEmail(email: string): Promise<User | undefined> {
    try {
      const { Item: claim } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: { id: emailClaimId(email) }, ConsistentRead: true }),
      );
      return typeof claim?.userId === 'string' ? await this.findById(claim.userId) : undefined;
    } catch (error) {
      throw translated(error);
    }
  }
}

function emailClaimId(email: string): string {
  return `email#${emailIdentity(email)}`;
}

type UserItem = Record<'id' | 'name' | 'email' | 'createdAt', string>;

function isUserItem(item: Record<string, unknown>): item is UserItem {
  return ['id', 'name', 'email', 'createdAt'].every((key) => typeof item[key] === 'string');
}

function toUser({ id, name, email, createdAt }: UserItem): User {
  return { id, name, email, createdAt };
}

function translated(error: unknown): unknown {
  return isTransientAwsError(error)
    ? new UserStoreUnavailableError('the user store is unavailable', 5, { cause: error })
    : error;
}
