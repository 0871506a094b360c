import type { EmailsView } from '../../api';
import type { CapturedEmailInfo, EmailSource } from '../sources';

export const MAX_EMAILS = 200;

/** The captured emails, newest first: who, what, when — bodies stay on the server until one is opened. */
export async function emailsView(source: EmailSource, now: () => number = Date.now): Promise<EmailsView> {
  const emails = await source.emails();
  return {
    emails: emails
      .slice()
      .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime())
      .slice(0, MAX_EMAILS)
      .map((e) => ({
        messageId: e.messageId,
        from: e.from,
        to: e.to,
        subject: e.subject,
        sentAt: e.sentAt.toISOString(),
        hasHtml: e.html !== undefined,
      })),
    at: now(),
  };
}

/**
 * The policy the email's own document runs under: no script, no network, no forms, no plugins — only its
 * inline styles and inline images, as a mail client shows a message with remote content blocked.
 */
export const EMAIL_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox";

/** The document shown in the sandboxed frame: the HTML part as sent, or the text part, escaped. */
export function emailDocument(email: CapturedEmailInfo): string {
  if (email.html !== undefined) return email.html;
  return `<!doctype html><meta charset="utf-8"><pre style="white-space:pre-wrap;font:14px/1.5 sans-serif">${escapeHtml(email.text ?? '')}</pre>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
