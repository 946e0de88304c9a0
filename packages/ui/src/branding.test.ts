import { describe, expect, it } from 'vitest';
import { textColorOn } from './branding.ts';

describe('textColorOn', () => {
  it('writes white on dark brand colours and black on light ones, short or long hex', () => {
    expect(textColorOn('#000000')).toBe('#fff');
    expect(textColorOn('#5d34f2')).toBe('#fff');
    expect(textColorOn('#fff')).toBe('#000');
    expect(textColorOn('#ffd400')).toBe('#000');
  });
});
