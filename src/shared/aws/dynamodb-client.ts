import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lazy } from '../lazy';
import { awsClientConfig } from './aws.config';

/** The container's DynamoDB client: created on first use, then reused by every invocation. */
export const dynamoDbClient = /* @__PURE__ */ lazy(() => new DynamoDBClient(awsClientConfig()));

/** The document client over it (plain JavaScript values instead of attribute values). */
export const dynamoDb = /* @__PURE__ */ lazy(() =>
  DynamoDBDocumentClient.from(dynamoDbClient(), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);
