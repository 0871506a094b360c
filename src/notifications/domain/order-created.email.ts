import type { OrderCreatedEvent } from '../../contracts/order-created/order-created.event';
import type { EmailLanguage, EmailMessage } from './email-message';

interface Wording {
  subject: string;
  greeting: string;
  intro: string;
  amount: string;
  date: string;
  description: string;
  closing: string;
}

const wording: Record<EmailLanguage, Wording> = {
  es: {
    subject: '📦 Tu orden ha sido creada!',
    greeting: '¡Hola!',
    intro: 'Hemos recibido tu orden',
    amount: 'Importe',
    date: 'Fecha',
    description: 'Descripción',
    closing: 'Te avisaremos de cualquier novedad. ¡Gracias por tu compra!',
  },
  en: {
    subject: '📦 Your order has been created!',
    greeting: 'Hello!',
    intro: 'We have received your order',
    amount: 'Amount',
    date: 'Date',
    description: 'Description',
    closing: 'We will let you know of any news. Thank you for your purchase!',
  },
};

/**
 * Intl's formatters, made once per language and currency: building one costs about a millisecond, more
 * than the rest of the email. Bounded: two languages, and currencies are ISO 4217 codes.
 */
const amountFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<EmailLanguage, Intl.DateTimeFormat>();

function amountFormat(language: EmailLanguage, currency: string): Intl.NumberFormat {
  const key = `${language} ${currency}`;
  let format = amountFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, { style: 'currency', currency });
    amountFormats.set(key, format);
  }
  return format;
}

function dateFormat(language: EmailLanguage): Intl.DateTimeFormat {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  return format;
}

/** The email telling a customer their order was created, in the configured language. */
export function orderCreatedEmail(event: OrderCreatedEvent, language: EmailLanguage): EmailMessage {
  const words = wording[language];
  // Intl formats a decimal string exactly, with no float in between (ES2023; our ES2022 lib types only
  // numbers, hence the cast).
  const amount = amountFormat(language, event.currency).format(event.totalAmount as unknown as number);
  const date = dateFormat(language).format(new Date(event.createdAt));
  const details: [string, string][] = [
    [words.amount, amount],
    [words.date, date],
    ...(event.description ? [[words.description, event.description] as [string, string]] : []),
  ];

  const text = [
    words.greeting,
    '',
    `${words.intro} ${event.orderId}.`,
    '',
    ...details.map(([label, value]) => `${label}: ${value}`),
    '',
    words.closing,
    '',
  ].join('\n');

  const html = [
    '<!doctype html>',
    `<html lang="${language}"><body>`,
    `<p>${escapeHtml(words.greeting)}</p>`,
    `<p>${escapeHtml(words.intro)} <strong>${escapeHtml(event.orderId)}</strong>.</p>`,
    '<ul>',
    ...details.map(([label, value]) => `<li>${escapeHtml(label)}: ${escapeHtml(value)}</li>`),
    '</ul>',
    `<p>${escapeHtml(words.closing)}</p>`,
    '</body></html>',
  ].join('\n');

  return { to: event.customerEmail, subject: words.subject, text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
