import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lazy } from '../lazy';
import { awsClientConfig } from './aws.config';

/** The container's DynamoDB document client: created on first use, then reused by every invocation. */
export const dynamoDb = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig()), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);
