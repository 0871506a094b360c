describe('notification-service configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  const load = async (env: Record<string, string>) => {
    const { EMAIL_LANGUAGE: _ignored, ...withoutLanguage } = saved;
    process.env = { ...withoutLanguage, ...env };
    return import('../../../../src/notifications/notifications.config');
  };
  const delivery = { SES_SENDER: 'no-reply@orders.example.com', ORDER_EVENTS_DLQ_TOPIC: 'order-events.dlq' };

  it('writes emails in Spanish and gives a dead letter 5 s to be written, unless told otherwise', async () => {
    const { notificationDeliveryConfig } = await load(delivery);

    expect(notificationDeliveryConfig()).toEqual({
      sender: 'no-reply@orders.example.com',
      language: 'es',
      deadLetterTopic: 'order-events.dlq',
      deadLetterTimeoutMs: 5000,
    });
  });

  it('writes them in English when EMAIL_LANGUAGE=en, and refuses a language it has no words for', async () => {
    expect((await load({ ...delivery, EMAIL_LANGUAGE: 'en' })).notificationDeliveryConfig().language).toBe(
      'en',
    );
    jest.resetModules();
    const { notificationDeliveryConfig } = await load({ ...delivery, EMAIL_LANGUAGE: 'fr' });

    expect(() => notificationDeliveryConfig()).toThrow('EMAIL_LANGUAGE must be es or en, got fr');
  });

  it('fails at start naming a missing variable, and the read side needs only the table', async () => {
    const config = await load({ NOTIFICATIONS_TABLE: 'notifications', SES_SENDER: '' });

    expect(config.notificationStoreConfig()).toEqual({ table: 'notifications' });
    expect(() => config.notificationDeliveryConfig()).toThrow('missing environment variable SES_SENDER');
  });
});
