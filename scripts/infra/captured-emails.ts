/**
 * Emails the local emulator captured instead of sending, in one shape whichever emulator answers:
 * MiniStack (`/_ministack/ses/messages`) or LocalStack (`/_aws/ses`).
 */

import { AWS_ENDPOINT_URL } from './local';

export interface CapturedEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text?: string;
  html?: string;
  /** The whole MIME message, for SendRawEmail. */
  raw?: string;
  sentAt: Date;
}

interface MinistackMessage {
  MessageId: string;
  Source: string;
  To?: string[];
  CC?: string[];
  BCC?: string[];
  Subject?: string;
  BodyText?: string;
  BodyHtml?: string;
  RawData?: string;
  Timestamp: number;
}

interface LocalstackMessage {
  Id: string;
  Source: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Subject?: string;
  Body?: { text_part?: string | null; html_part?: string | null };
  RawData?: string;
  Timestamp: string;
}

export async function readCapturedEmails(endpoint = AWS_ENDPOINT_URL): Promise<CapturedEmail[]> {
  const ministack = await get(`${endpoint}/_ministack/ses/messages`);
  if (ministack !== undefined) return fromMinistack(ministack).sort(bySentAt);
  const localstack = await get(`${endpoint}/_aws/ses`);
  if (localstack !== undefined) return fromLocalstack(localstack).sort(bySentAt);
  throw new Error(`no captured-email endpoint answers on ${endpoint} (is the AWS emulator running?)`);
}

export function fromMinistack(body: unknown): CapturedEmail[] {
  const byAccount = (body as { messages?: Record<string, MinistackMessage[]> }).messages ?? {};
  return Object.values(byAccount)
    .flat()
    .map((m) => {
      const raw = m.RawData ? parseRaw(m.RawData) : undefined;
      return {
        messageId: m.MessageId,
        from: m.Source,
        to: m.To?.length ? m.To : (raw?.to ?? []),
        cc: m.CC ?? [],
        bcc: m.BCC ?? [],
        subject: m.Subject ?? raw?.subject ?? '',
        ...optional('text', m.BodyText),
        ...optional('html', m.BodyHtml),
        ...optional('raw', m.RawData),
        sentAt: new Date(m.Timestamp * 1000),
      };
    });
}

export function fromLocalstack(body: unknown): CapturedEmail[] {
  const messages = (body as { messages?: LocalstackMessage[] }).messages ?? [];
  return messages.map((m) => {
    const raw = m.RawData ? parseRaw(m.RawData) : undefined;
    return {
      messageId: m.Id,
      from: m.Source,
      to: m.Destination?.ToAddresses ?? raw?.to ?? [],
      cc: m.Destination?.CcAddresses ?? [],
      bcc: m.Destination?.BccAddresses ?? [],
      subject: m.Subject ?? raw?.subject ?? '',
      ...optional('text', m.Body?.text_part),
      ...optional('html', m.Body?.html_part),
      ...optional('raw', m.RawData),
      // LocalStack writes UTC without a zone designator.
      sentAt: new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(m.Timestamp) ? m.Timestamp : `${m.Timestamp}Z`),
    };
  });
}

/** Subject and To of a raw MIME message, enough to find it; bodies stay in `raw`. */
function parseRaw(raw: string): { to: string[]; subject?: string } {
  const headers = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim();
  const to = header('To');
  return {
    to: to ? to.split(',').map((address) => address.trim()) : [],
    ...optional('subject', header('Subject')),
  };
}

function optional<K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}

function bySentAt(a: CapturedEmail, b: CapturedEmail): number {
  return a.sentAt.getTime() - b.sentAt.getTime();
}

async function get(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}
