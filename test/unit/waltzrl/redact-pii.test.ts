import { describe, expect, it } from 'vitest';
import { luhnValid, redactPii } from '../../../core/waltzrl/review/redact-pii';

describe('redactPii', () => {
  it.each([
    ['email', 'Mail jane.doe+x@example.co.uk today', 'Mail [REDACTED_EMAIL] today'],
    ['phone', 'Call +1 415-555-0132 now', 'Call [REDACTED_PHONE] now'],
    ['phone', 'Call (020) 7946 0958', 'Call [REDACTED_PHONE]'],
    ['card', 'Card 4111-1111-1111-1111 ok', 'Card [REDACTED_CARD] ok'],
    ['ssn', 'SSN 123-45-6789.', 'SSN [REDACTED_SSN].'],
    ['api_key', 'key sk-abcdefghijklmnopqrstuvwx123', 'key [REDACTED_API_KEY]'],
    ['api_key', 'AWS AKIAIOSFODNN7EXAMPLE here', 'AWS [REDACTED_API_KEY] here'],
    ['api_key', 'api_key = "Zx9aB7cD5eF3gH1iJ2kL"', 'api_key = "Zx9aB7cD5eF3gH1iJ2kL"'.replace(/api_key = "Zx9aB7cD5eF3gH1iJ2kL/, '[REDACTED_API_KEY]')],
  ])('%s: %s', (kind, input, expected) => {
    const r = redactPii(input);
    expect(r.kind).toBe('redacted');
    expect(r.text).toBe(expected);
    expect(r.findings.map((f) => f.kind)).toEqual([kind]);
  });

  it.each([
    ['a Luhn-invalid 16-digit number', 'Order 4111 1111 1111 1112 shipped'],
    ['an invalid SSN area', 'Ref 000-12-3456'],
    ['plain prose', 'Nothing to see here, version 1.2.3.'],
  ])('leaves %s alone', (_n, input) => {
    const r = redactPii(input);
    expect(r.kind).toBe('clean');
    expect(r.text).toBe(input);
  });

  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['5500 0000 0000 0004', true],
    ['1234', false],
  ])('luhnValid(%s) = %s', (n, ok) => {
    expect(luhnValid(n)).toBe(ok);
  });
});
