/**
 * The next time a cron expression fires, to show "next run" beside a source. Five fields
 * (minute hour day-of-month month day-of-week) or six with seconds first (ignored: we show
 * minutes), with `*`, lists, ranges, steps and the usual names. Like cron, when both day fields
 * are restricted a day matching either one fires. Local time, as the scheduler runs it.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  values: Set<number>;
  any: boolean;
}

function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Field | undefined {
  const values = new Set<number>();
  const value = (token: string): number | undefined => {
    const named = names.indexOf(token.toLowerCase());
    if (named >= 0) return named + nameBase;
    return /^\d+$/.test(token) ? Number(token) : undefined;
  };
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*' || range === '?') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(value);
    else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    if (from === undefined || to === undefined || from < min || to > max || from > to) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, any: text === '*' || text === '?' };
}

export function nextRun(expression: string, after: Date): Date | undefined {
  let fields = expression.trim().split(/\s+/);
  if (fields.length === 6) fields = fields.slice(1);
  if (fields.length !== 5) return undefined;
  const [m, h, dom, mon, dow] = fields as [string, string, string, string, string];
  const minute = parseField(m, 0, 59);
  const hour = parseField(h, 0, 23);
  const day = parseField(dom, 1, 31);
  const month = parseField(mon, 1, 12, MONTHS, 1);
  const weekday = parseField(dow, 0, 7, DAYS);
  if (!minute || !hour || !day || !month || !weekday) return undefined;
  // Sunday is 0 or 7.
  if (weekday.values.has(7)) weekday.values.add(0);

  const dayMatches = (d: Date) => {
    const byDate = day.values.has(d.getDate());
    const byWeekday = weekday.values.has(d.getDay());
    if (day.any || weekday.any) return (day.any || byDate) && (weekday.any || byWeekday);
    return byDate || byWeekday;
  };

  const t = new Date(after.getTime());
  t.setSeconds(0, 0);
  t.setMinutes(t.getMinutes() + 1);
  // Five years covers every satisfiable expression (29 February on a given weekday included).
  const limit = after.getTime() + 5 * 366 * 24 * 3600 * 1000;
  while (t.getTime() <= limit) {
    if (!month.values.has(t.getMonth() + 1)) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0);
    } else if (!dayMatches(t)) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0);
    } else if (!hour.values.has(t.getHours())) {
      t.setHours(t.getHours() + 1, 0);
    } else if (!minute.values.has(t.getMinutes())) {
      t.setMinutes(t.getMinutes() + 1);
    } else {
      return t;
    }
  }
  return undefined;
}
