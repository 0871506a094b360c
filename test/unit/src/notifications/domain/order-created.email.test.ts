import { escapeHtml, orderCreatedEmail } from '../../../../../src/notifications/domain/order-created.email';
import { parseOrderCreated } from '../../../../../src/contracts/order-created/order-created.validation';
import { orderCreated } from '../../../fakes/order-events';

const event = (overrides = {}) => parseOrderCreated(JSON.stringify(orderCreated(overrides)));

describe('orderCreatedEmail', () => {
  // Intl separates the amount from the euro sign with a no-break space (U+00A0).
  it('tells the customer, in Spanish, the order id, the amount in its currency and the date', () => {
    const email = orderCreatedEmail(event(), 'es');

    expect(email.to).toBe('user@email.com');
    expect(email.subject).toBe('📦 Tu orden ha sido creada!');
    expect(email.text).toContain('Hemos recibido tu orden 9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b.');
    expect(email.text).toContain('Importe: 99,99\u00a0€');
    expect(email.text).toContain('Fecha: 20 de enero de 2026');
    expect(email.text).toContain('Descripción: Two books');
    expect(email.html).toContain('<strong>9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b</strong>');
    expect(email.html).toContain('<li>Importe: 99,99\u00a0€</li>');
  });

  it('speaks English when asked', () => {
    const email = orderCreatedEmail(event({ totalAmount: '1234.50', currency: 'USD' }), 'en');

    expect(email.subject).toBe('📦 Your order has been created!');
    expect(email.text).toContain('Amount: $1,234.50');
    expect(email.text).toContain('Date: January 20, 2026');
    expect(email.html).toContain('<html lang="en">');
  });

  it('formats large amounts exactly, without going through a float', () => {
    const email = orderCreatedEmail(event({ totalAmount: '12345678901234567.99' }), 'es');

    expect(email.text).toContain('12.345.678.901.234.567,99\u00a0€');
  });

  it('escapes what the customer wrote in the HTML body, and leaves the text body as written', () => {
    const description = '<script>alert("x")</script> & \'more\'';

    const email = orderCreatedEmail(event({ description }), 'es');

    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;more&#39;');
    expect(email.text).toContain(`Descripción: ${description}`);
  });

  it('leaves the description line out when there is none', () => {
    const email = orderCreatedEmail(event({ description: undefined }), 'es');

    expect(email.text).not.toContain('Descripción');
    expect(email.html).not.toContain('Descripción');
  });

  it('escapes every character that is special in HTML', () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&#38;b&#60;c&#62;d&#34;e&#39;f');
  });
});
