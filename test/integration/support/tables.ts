import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { localAwsClientConfig } from '../../../scripts/infra/provision';
import { LOCAL } from '../../../scripts/infra/local';
import { loadTopology } from '../../../scripts/infra/topology';
import { eventually } from './wait';

/**
 * A table of the test's own, defined like `tableName` in serverless.yml (same keys and indexes), so a test
 * can assert exact contents without what `npm run dev` or other tests wrote to the real one.
 */
export async function createTableLike(tableName: string, prefix: string): Promise<string> {
  const definition = loadTopology(LOCAL.stage).tables.find((table) => table.TableName === tableName);
  if (!definition) throw new Error(`serverless.yml defines no table ${tableName}`);
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  const dynamodb = new DynamoDBClient(localAwsClientConfig());
  try {
    await dynamodb.send(new CreateTableCommand({ ...definition, TableName: name }));
    await eventually(`table ${name} ACTIVE`, async () => {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
      return Table?.TableStatus === 'ACTIVE' ? true : undefined;
    });
  } finally {
    dynamodb.destroy();
  }
  return name;
}

export async function deleteTables(...names: string[]): Promise<void> {
  const dynamodb = new DynamoDBClient(localAwsClientConfig());
  try {
    for (const name of names) await dynamodb.send(new DeleteTableCommand({ TableName: name }));
  } finally {
    dynamodb.destroy();
  }
}
