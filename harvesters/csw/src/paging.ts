/** What one GetRecords answer says about where the listing goes next. */
export interface CswPageInfo {
  /** `numberOfRecordsMatched`, when the server gave it. */
  matched?: number;
  /** Records actually present in the page (not the attribute, which servers get wrong). */
  returned: number;
  /** `nextRecord`, when the server gave it. */
  nextRecord?: number;
}

export type CswStep = { next: number; truncated?: undefined } | { next: null; truncated?: string };

/**
 * The stop rule, every case at once (pure; the boundary cases are the ones real servers break):
 * - no records in the page → the end; `truncated` when the server had announced more;
 * - `nextRecord` = 0 → the end;
 * - `nextRecord` > `numberOfRecordsMatched` → the end;
 * - `nextRecord` ≤ the current start → a loop: stop, `truncated`;
 * - `nextRecord` = `numberOfRecordsMatched` → a REAL page holding the last record: fetch it;
 * - no `nextRecord` → start + records returned. Fewer records than asked is normal.
 */
export function nextCswStart(start: number, page: CswPageInfo): CswStep {
  const { matched, returned, nextRecord } = page;
  if (returned === 0) {
    if (matched !== undefined && start <= matched) {
      return { next: null, truncated: `the server returned no records at position ${start} although it announced ${matched}` };
    }
    return { next: null };
  }
  if (nextRecord === 0) return { next: null };
  const next = nextRecord ?? start + returned;
  if (matched !== undefined && next > matched) return { next: null };
  if (next <= start) {
    return { next: null, truncated: `the server pointed back to position ${next} from position ${start} (a paging loop)` };
  }
  return { next };
}
