import { normaliseDate, type PeriodOfTime } from '@moisson/core';

const DATE = String.raw`(\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{2}/\d{2}/\d{4})`;
const RANGE = new RegExp(String.raw`^(?:du\s+|from\s+|de\s+)?${DATE}\s*(?:/|–|—|-|\.\.|à|au|to|until|jusqu'au)\s*${DATE}$`, 'i');

/**
 * `dcat.temporal` free text to a period: `2010/2020`, `2015-01-01/2015-12-31`,
 * `01/01/2010 - 31/12/2020`, `du 01/01/2010 au 31/12/2020`, `2019`. Anything else is kept as a label.
 */
export function parseTemporal(text: string): PeriodOfTime {
  const value = text.trim();
  const range = RANGE.exec(value);
  if (range) {
    const start = normaliseDate(range[1]);
    const end = normaliseDate(range[2]);
    if (start && end && start <= end) return { start, end };
  }
  if (/^\d{4}(-\d{2}(-\d{2})?)?$|^\d{2}\/\d{2}\/\d{4}$/.test(value)) {
    const day = normaliseDate(value);
    if (day) return { start: day, end: day };
  }
  return { label: value };
}
