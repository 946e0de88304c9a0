import { describe, expect, it } from 'vitest';
import { normalizePhone } from './index.ts';

describe('normalizePhone', () => {
  it.each([
    ['+61 0412 345 678', '61412345678'],
    ['610412345678', '61412345678'],
    ['61412345678', '61412345678'],
    ['+1 (415) 555-0100', '14155550100'],
    ['+44 (0) 20 7946 0958', '442079460958'],
    ['+33 06 12 34 56 78', '33612345678'],
  ])('stores %s as %s', (input, stored) => {
    expect(normalizePhone(input)).toBe(stored);
  });

  it('keeps the digits of a number it cannot place', () => {
    expect(normalizePhone('12345')).toBe('12345');
    expect(normalizePhone('+999 123')).toBe('999123');
  });

  it('refuses what is not a phone number', () => {
    for (const input of ['', 'abc', '+1 415 555 01OO', '++14155550100', '1415\n5550100x']) {
      expect(normalizePhone(input), input).toBeUndefined();
    }
  });
});
