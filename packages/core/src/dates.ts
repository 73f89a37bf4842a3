/**
 * Dates as sources write them, to the lexical forms DCAT-AP accepts (xsd:date, xsd:dateTime,
 * xsd:gYear, xsd:gYearMonth). Naive timestamps (CKAN's `2024-01-02T10:00:00.123456`) are read
 * as UTC. Anything else is refused (undefined) rather than guessed.
 */
export function normaliseDate(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const v = String(value).trim();
  if (!v) return undefined;
  if (/^\d{4}$/.test(v)) return v;
  if (/^\d{4}-\d{2}$/.test(v)) return v;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return validDay(v) ? v : undefined;
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  if (french) {
    const day = `${french[3]}-${french[2]}-${french[1]}`;
    return validDay(day) ? day : undefined;
  }
  const dateTime = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (dateTime) {
    const [, day, time, zone] = dateTime;
    if (zone === undefined || zone === 'Z') {
      const utc = utcDateTime(day!, time!);
      if (utc !== undefined) return utc;
    }
    const iso = `${day}T${time!.length === 5 ? `${time}:00` : time}${zone ? normaliseZone(zone) : 'Z'}`;
    const parsed = new Date(iso);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
  }
  const parsed = Date.parse(v);
  if (!Number.isNaN(parsed) && /[a-z]{3}/i.test(v)) return new Date(parsed).toISOString();
  return undefined;
}

/**
 * `new Date(day + 'T' + time + 'Z').toISOString()` for a UTC time whose every field is in range
 * (what harvests meet: CKAN writes every date this way), without the Date round trip: milliseconds
 * are the first three digits of the fraction, as Date reads them. Undefined for the rest (hour 24,
 * second 60, an invalid day), which Date settles.
 */
function utcDateTime(day: string, time: string): string | undefined {
  if (!validDay(day) || day.charCodeAt(0) === 48 /* years 0000-0999 print differently */) return undefined;
  const seconds = time.length > 5 ? time.slice(6, 8) : '00';
  if (Number(time.slice(0, 2)) > 23 || Number(time.slice(3, 5)) > 59 || Number(seconds) > 59) return undefined;
  const fraction = time.length > 9 ? time.slice(9, 12) : '';
  return `${day}T${time.slice(0, 5)}:${seconds}.${fraction.padEnd(3, '0')}Z`;
}

function normaliseZone(zone: string): string {
  return zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
}

/**
 * Whether `YYYY-MM-DD` is a day of the proleptic Gregorian calendar (what a round trip through
 * `Date` checked, at a fraction of the cost: harvesters read several dates per record).
 */
function validDay(day: string): boolean {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const date = Number(day.slice(8, 10));
  if (month < 1 || month > 12 || date < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return date <= days;
}
