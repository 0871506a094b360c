/** An email ready to go: one recipient, a subject and the same content as plain text and as HTML. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the provider answered when it accepted an email. */
export interface SentEmail {
  providerMessageId: string;
}

export const EMAIL_LANGUAGES = ['es', 'en'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

export function isEmailLanguage(value: string): value is EmailLanguage {
  return (EMAIL_LANGUAGES as readonly string[]).includes(value);
}
