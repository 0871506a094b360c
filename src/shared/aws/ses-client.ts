import { SESClient } from '@aws-sdk/client-ses';
import { lazy } from '../lazy';
import { awsClientConfig } from './aws.config';

/**
 * The container's SES client: created on first use, then reused by every invocation.
 *
 * One attempt per call, where the other clients make two: SendEmail takes no idempotency token, and a send
 * that timed out may have been accepted (a slow SES, a frozen emulator that reads it later), so the SDK's
 * own retry could deliver the email twice without notify knowing. notify's redelivery is the retry: it goes
 * through the notification's claim and records each attempt (docs/notifications.md).
 */
export const ses = lazy(() => new SESClient({ ...awsClientConfig(), maxAttempts: 1 }));
