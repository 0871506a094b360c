import { SESClient } from '@aws-sdk/client-ses';
import { lazy } from '../lazy';
import { awsClientConfig } from './aws.config';

/** The container's SES client: created on first use, then reused by every invocation. */
export const ses = lazy(() => new SESClient(awsClientConfig()));
