import { describe, expect, it } from 'vitest';
import { normaliseDate } from '../src/dates.js';

describe('normaliseDate', () => {
  it('keeps calendar days and refuses impossible ones', () => {
    expect(normaliseDate('2024-02-29')).toBe('2024-02-29');
    expect(normaliseDate('2000-02-29')).toBe('2000-02-29');
    expect(normaliseDate('0000-02-29')).toBe('0000-02-29');
    expect(normaliseDate('2023-02-29')).toBeUndefined();
    expect(normaliseDate('1900-02-29')).toBeUndefined();
    expect(normaliseDate('2024-04-31')).toBeUndefined();
    expect(normaliseDate('2024-12-31')).toBe('2024-12-31');
    expect(normaliseDate('2024-13-01')).toBeUndefined();
    expect(normaliseDate('2024-00-10')).toBeUndefined();
    expect(normaliseDate('2024-01-00')).toBeUndefined();
    expect(normaliseDate('9999-12-31')).toBe('9999-12-31');
  });

  it('reads French dates as days, checked the same way', () => {
    expect(normaliseDate('29/02/2024')).toBe('2024-02-29');
    expect(normaliseDate('29/02/2023')).toBeUndefined();
    expect(normaliseDate('31/06/2024')).toBeUndefined();
  });

  it('agrees with a round trip through Date on every day of four years, and beyond', () => {
    const viaDate = (day: string) => {
      const d = new Date(`${day}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? day : undefined;
    };
    for (const year of ['1900', '2000', '2023', '2024']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(normaliseDate(text), text).toBe(viaDate(text));
        }
      }
    }
  });

  it('reads timestamps, naive ones as UTC', () => {
    expect(normaliseDate('2020-01-05T10:00:00.123456')).toBe('2020-01-05T10:00:00.123Z');
    expect(normaliseDate('2020-01-05 10:00+0200')).toBe('2020-01-05T08:00:00.000Z');
    expect(normaliseDate('2019')).toBe('2019');
    expect(normaliseDate('not a date')).toBeUndefined();
  });

  it('writes a UTC date-time as Date would, milliseconds cut to three digits, out-of-range fields refused or settled by Date', () => {
    expect(normaliseDate('2024-01-02T10:00:00.123456')).toBe('2024-01-02T10:00:00.123Z');
    expect(normaliseDate('2024-01-02 10:00')).toBe('2024-01-02T10:00:00.000Z');
    expect(normaliseDate('2024-01-02T10:00:05.1Z')).toBe('2024-01-02T10:00:05.100Z');
    expect(normaliseDate('2024-01-02T24:00:00')).toBe(new Date('2024-01-02T24:00:00Z').toISOString());
    const viaDate = (day: string, time: string) => {
      const parsed = new Date(`${day}T${time.length === 5 ? `${time}:00` : time}Z`);
      return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
    };
    let seed = 1;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    for (let i = 0; i < 20_000; i++) {
      const day = `${pad([next(10_000), 1970 + next(80), 2000, 1900][next(4)] as number, 4)}-${pad(next(14), 2)}-${pad(next(33), 2)}`;
      const fraction = ['', `.${next(10)}`, `.${pad(next(1000), 3)}`, `.${pad(next(1_000_000), 6)}`][next(4)] as string;
      const time = `${pad(next(26), 2)}:${pad(next(62), 2)}${next(3) ? `:${pad(next(62), 2)}${fraction}` : ''}`;
      expect(normaliseDate(`${day}T${time}${next(2) ? 'Z' : ''}`), `${day}T${time}`).toBe(viaDate(day, time));
    }
  });
});

