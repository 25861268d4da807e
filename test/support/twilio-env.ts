/** Twilio settings in the shape of the server's environment: well-formed, fake, for tests only. */
export const TEST_TWILIO_ENV = {
  TWILIO_ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
  TWILIO_API_KEY_SID: `SK${'b2'.repeat(16)}`,
  TWILIO_API_KEY_SECRET: 'api-key-secret-0123456789',
  TWILIO_TWIML_APP_SID: `AP${'c3'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'auth-token-0123456789abcdef',
  TWILIO_CALLER_ID: '+14155550100',
} as const;
