/**
 * An in-memory copy of what the facet counts read from `dataset_search` (issue 8): each row's facet
 * values as small ints, so counting the facets of 100,000 matching rows is a loop over typed arrays
 * instead of a hash aggregate over a million text keys in SQL. It counts exactly what
 * `countFacets` (search-facets.ts) counts; a parity test holds the two together.
 */
import { emptyFacets, facetValue, type FacetCounts, type FacetName } from './search-facets.js';
import type { SearchStatus } from './search-filters.js';
import { TextIndex } from './text-index.js';
import type { VectorLexeme } from './ts-text.js';

/** One `dataset_search` row as the index reads it (facet-index-sync.ts). */
export interface IndexedRow {
  seq: number;
  id: string;
  /** `document` (its tsvector), for full-text search (text-index.ts). */
  document: readonly VectorLexeme[];
  cluster: string;
  source: string;
  primary: boolean;
  status: string;
  publisher: string | null;
  publisherLabel: string | null;
  /** `least(quality, 99) / 25 * 25`, as text. */
  quality: string;
  /** The quality score itself, for `qualityMin`. */
  score: number;
  /** `modified` in microseconds since the epoch (exact in a double). */
  modifiedMicros: number;
  /** [low x, low y, high x, high y], or null. */
  bbox: [number, number, number, number] | null;
  /** Per list facet, values and their labels in lockstep (language labels derived from the value). */
  lists: Record<ListFacet, { values: Array<string | null>; labels: Array<string | null> }>;
}

/**
 * The filters of a search but `q`, in the form the database compares them in: keywords folded,
 * sources as canonical uuids, the date in microseconds (facet-index-sync.ts asks PostgreSQL for these).
 */
export interface ResolvedFilters {
  source?: ReadonlySet<string>;
  publisher?: ReadonlySet<string>;
  lists: Partial<Record<ListFacet, ReadonlySet<string>>>;
  /** [low x, low y, high x, high y] */
  bbox?: readonly [number, number, number, number];
  modifiedSinceMicros?: number;
  qualityMin?: number;
}

/** `box_ov` of PostgreSQL: overlap with its tolerance (`FPle`: a - b <= 1e-6). */
const EPSILON = 1.0e-6;

export const LIST_FACETS = ['theme', 'keyword', 'format', 'license', 'language'] as const;
export type ListFacet = (typeof LIST_FACETS)[number];

/** Facets listed whole, whatever `facetSize` says (as in search-facets.ts). */
const UNBOUNDED: ReadonlySet<FacetName> = new Set(['quality', 'status']);

const PRIMARY = 1;
const ACTIVE = 2;
const ARCHIVED = 4;

/**
 * A facet value with one of its labels is a "pair"; rows hold pair codes. The SQL counts pairs too
 * (grouped by value, keeping `min(label)` of the matching rows), so a value shown with two
 * labels merges the same way here.
 */
interface Pair {
  facet: FacetName;
  value: string;
  label: string | null;
}

/** Code point order: the order of `text` under the database's C collation. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

export class FacetIndex {
  private readonly pairs: Pair[] = [];
  private readonly pairCodes = new Map<string, number>();
  private readonly clusterCodes = new Map<string, number>();
  /** seq → slot; slots of removed rows are reused. */
  private readonly slots = new Map<number, number>();
  private readonly free: number[] = [];
  private flags = new Uint8Array(1024);
  private statusPair = new Int32Array(1024);
  private sourcePair = new Int32Array(1024);
  private cluster = new Int32Array(1024);
  private publisherPair = new Int32Array(1024);
  private score = new Int16Array(1024);
  private modified = new Float64Array(1024);
  /** Four numbers a slot, NaN without a bbox. */
  private bbox = new Float64Array(4096);
  /** The pairs a row counts under when it is listed (every facet but the total). */
  private listed: Int32Array[] = [];
  /** slot → seq (0 for a free slot). */
  private seqs = new Int32Array(1024);
  /** Each slot's dataset id, four 32-bit words a slot (16 bytes, where its text takes ~56). */
  private idWords = new Uint32Array(4096);
  readonly text = new TextIndex();
  /** Non-primary rows by cluster: their sources count the clusters they carry. */
  private readonly linked = new Map<number, Set<number>>();
  private used = 0;

  get size(): number {
    return this.slots.size;
  }

  put(row: IndexedRow): void {
    this.remove(row.seq);
    const slot = this.free.pop() ?? this.grow();
    this.slots.set(row.seq, slot);
    this.seqs[slot] = row.seq;
    this.idWords.set(uuidWords(row.id), slot * 4);
    this.text.put(slot, row.document);
    this.flags[slot] = (row.primary ? PRIMARY : 0) | (row.status === 'active' ? ACTIVE : 0) | (row.status === 'archived' ? ARCHIVED : 0);
    const status = this.pair('status', row.status, null);
    const source = this.pair('source', row.source, null);
    this.statusPair[slot] = status;
    this.sourcePair[slot] = source;
    const cluster = this.clusterCode(row.cluster);
    this.cluster[slot] = cluster;
    const codes = [source, this.pair('quality', row.quality, null), status];
    const publisher = row.publisher === null ? -1 : this.pair('publisher', row.publisher, row.publisherLabel);
    if (publisher >= 0) codes.push(publisher);
    this.publisherPair[slot] = publisher;
    this.score[slot] = row.score;
    this.modified[slot] = row.modifiedMicros;
    this.bbox.set(row.bbox ?? [NaN, NaN, NaN, NaN], slot * 4);
    for (const facet of LIST_FACETS) {
      const { values, labels } = row.lists[facet];
      values.forEach((value, i) => {
        if (value !== null) codes.push(this.pair(facet, value, labels[i] ?? null));
      });
    }
    this.listed[slot] = Int32Array.from(codes);
    if (!row.primary) {
      const members = this.linked.get(cluster) ?? new Set<number>();
      members.add(slot);
      this.linked.set(cluster, members);
    }
  }

  remove(seq: number): void {
    const slot = this.slots.get(seq);
    if (slot === undefined) return;
    this.slots.delete(seq);
    const members = this.linked.get(this.cluster[slot] as number);
    if (members?.delete(slot) && members.size === 0) this.linked.delete(this.cluster[slot] as number);
    this.flags[slot] = 0;
    this.listed[slot] = EMPTY;
    this.text.remove(slot);
    this.free.push(slot);
  }

  /** The `seq` of the row in `slot`. */
  seqOf(slot: number): number {
    return this.seqs[slot] as number;
  }

  /** The slot of the row of `seq`, if the index holds it. */
  slotOf(seq: number): number | undefined {
    return this.slots.get(seq);
  }

  /**
   * The slots of the rows `countFacets` counts for these filters: `is_primary OR status =
   * 'archived'`, and every filter (as search-filters.ts writes them in SQL); of `within` only, if given.
   */
  select(filters: ResolvedFilters, within?: Int32Array): Int32Array {
    const wanted = (facet: FacetName, values: ReadonlySet<string> | undefined) => {
      if (!values) return null;
      const codes = new Uint8Array(this.pairs.length);
      this.pairs.forEach((pair, code) => {
        if (pair.facet === facet && values.has(pair.value)) codes[code] = 1;
      });
      return codes;
    };
    const lists: Uint8Array[] = [];
    for (const facet of LIST_FACETS) {
      const codes = wanted(facet, filters.lists[facet]);
      if (codes) lists.push(codes);
    }
    const publishers = wanted('publisher', filters.publisher);
    const sources = wanted('source', filters.source);
    // A cluster is listed under every source carrying a member of it (the non-primary ones here).
    const carried = new Set<number>();
    if (sources) for (const [cluster, members] of this.linked) for (const m of members) if (sources[this.sourcePair[m] as number]) carried.add(cluster);
    const { bbox, modifiedSinceMicros: since, qualityMin } = filters;
    const count = within ? within.length : this.used;
    const selected = new Int32Array(count);
    let n = 0;
    rows: for (let k = 0; k < count; k++) {
      const slot = within ? (within[k] as number) : k;
      if (!((this.flags[slot] as number) & (PRIMARY | ARCHIVED))) continue;
      if (since !== undefined && !((this.modified[slot] as number) >= since)) continue;
      if (qualityMin !== undefined && !((this.score[slot] as number) >= qualityMin)) continue;
      if (bbox) {
        const at = slot * 4;
        const box = this.bbox;
        const overlaps =
          (box[at] as number) - bbox[2] <= EPSILON &&
          bbox[0] - (box[at + 2] as number) <= EPSILON &&
          (box[at + 1] as number) - bbox[3] <= EPSILON &&
          bbox[1] - (box[at + 3] as number) <= EPSILON;
        if (!overlaps) continue; // NaN (no bbox) compares false
      }
      if (publishers && !(this.publisherPair[slot]! >= 0 && publishers[this.publisherPair[slot] as number])) continue;
      if (sources && !sources[this.sourcePair[slot] as number] && !carried.has(this.cluster[slot] as number)) continue;
      if (lists.length > 0) {
        const codes = this.listed[slot] as Int32Array;
        for (const wantedCodes of lists) {
          let found = false;
          for (let i = 0; i < codes.length && !found; i++) found = wantedCodes[codes[i] as number] === 1;
          if (!found) continue rows;
        }
      }
      selected[n++] = slot;
    }
    return selected.subarray(0, n);
  }

  /**
   * Rows `offset` to `offset + limit` of `rows` listed under `status`, by `key` DESC then id (the
   * order of search-filters.ts `sortPlan` for relevance and modified), after the cursor `after` if
   * given. `key` is each row's rank (in `rows`' order) or, for null, its `modified`.
   */
  page(
    rows: { slots: Int32Array; ranks: Float32Array | null },
    status: SearchStatus,
    after: { key: number; id: string } | null,
    offset: number,
    limit: number,
  ): Array<{ id: string; key: number }> {
    const inList = listedFlags(status);
    const wanted = offset + limit;
    const top: Array<{ slot: number; key: number }> = [];
    const afterId = after ? uuidWords(after.id) : null;
    const before = (key: number, slot: number, other: { slot: number; key: number }) =>
      key > other.key || (key === other.key && this.compareIds(slot, this.idWords, other.slot * 4) < 0);
    for (let i = 0; i < rows.slots.length; i++) {
      const slot = rows.slots[i] as number;
      if (((this.flags[slot] as number) & inList) !== inList) continue;
      const key = rows.ranks ? (rows.ranks[i] as number) : (this.modified[slot] as number);
      if (after && afterId && !(key < after.key || (key === after.key && this.compareIds(slot, afterId, 0) > 0))) continue;
      if (top.length === wanted && !before(key, slot, top[wanted - 1] as { slot: number; key: number })) continue;
      let low = 0;
      let high = top.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (before(key, slot, top[middle] as { slot: number; key: number })) high = middle;
        else low = middle + 1;
      }
      top.splice(low, 0, { slot, key });
      if (top.length > wanted) top.pop();
    }
    return top.slice(offset).map(({ slot, key }) => ({ id: uuidText(this.idWords, slot * 4), key }));
  }

  /** The order of `slot`'s id against the id at `at` in `words` (uuid order: its bytes). */
  private compareIds(slot: number, words: Uint32Array, at: number): number {
    const own = slot * 4;
    for (let i = 0; i < 4; i++) {
      const a = this.idWords[own + i] as number;
      const b = words[at + i] as number;
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  }

  /**
   * The counts `countFacets` gives for rows of `status`, over `matching`: the rows that pass the
   * filters and `is_primary OR status = 'archived'`, by seq or by slot (`select`), or null for no filter at all.
   */
  count(
    matching: { seqs: Int32Array } | { slots: Int32Array } | null,
    status: SearchStatus,
    facetSize: number,
    sourceNames: ReadonlyMap<string, string>,
  ): FacetCounts {
    const counts = new Int32Array(this.pairs.length);
    const inList = listedFlags(status);
    // A cluster counts once under each other source carrying a non-primary member of it.
    const carried = new Map<number, Set<number>>();
    let total = 0;
    const visit = (slot: number) => {
      const flags = this.flags[slot] as number;
      if ((flags & inList) !== inList) {
        counts[this.statusPair[slot] as number]! += 1;
        return;
      }
      total++;
      const codes = this.listed[slot] as Int32Array;
      for (let i = 0; i < codes.length; i++) counts[codes[i] as number]! += 1;
      if (this.linked.size === 0) return;
      const cluster = this.cluster[slot] as number;
      const members = this.linked.get(cluster);
      if (!members) return;
      for (const member of members) {
        const source = this.sourcePair[member] as number;
        if (source === this.sourcePair[slot]) continue;
        const clusters = carried.get(source) ?? new Set<number>();
        clusters.add(cluster);
        carried.set(source, clusters);
      }
    };
    if (matching === null) {
      for (let slot = 0; slot < this.used; slot++) if ((this.flags[slot] as number) & (PRIMARY | ARCHIVED)) visit(slot);
    } else if ('slots' in matching) {
      for (const slot of matching.slots) visit(slot);
    } else {
      for (const seq of matching.seqs) {
        const slot = this.slots.get(seq);
        if (slot !== undefined) visit(slot);
      }
    }
    for (const [source, clusters] of carried) counts[source] = (counts[source] as number) + clusters.size;
    return this.tally(counts, total, facetSize, sourceNames);
  }

  /** Pair counts merged by value (labels: the least of the counted ones), top `facetSize` per facet. */
  private tally(counts: Int32Array, total: number, facetSize: number, sourceNames: ReadonlyMap<string, string>): FacetCounts {
    const merged = new Map<FacetName, Map<string, { count: number; label: string | null }>>();
    for (let code = 0; code < counts.length; code++) {
      const n = counts[code] as number;
      if (n === 0) continue;
      const { facet, value, label } = this.pairs[code] as Pair;
      const values = merged.get(facet) ?? new Map<string, { count: number; label: string | null }>();
      merged.set(facet, values);
      const entry = values.get(value);
      if (!entry) values.set(value, { count: n, label });
      else {
        entry.count += n;
        if (label !== null && (entry.label === null || compareCodePoints(label, entry.label) < 0)) entry.label = label;
      }
    }
    const result: FacetCounts = { total, facets: emptyFacets() };
    for (const [facet, values] of merged) {
      const sorted = [...values].sort(([a, x], [b, y]) => y.count - x.count || compareCodePoints(a, b));
      const kept = UNBOUNDED.has(facet) ? sorted : sorted.slice(0, facetSize);
      result.facets[facet] = kept.map(([value, { count, label }]) =>
        facetValue(facet, value, facet === 'source' ? (label ?? sourceNames.get(value) ?? null) : label, count),
      );
    }
    return result;
  }

  private pair(facet: FacetName, value: string, label: string | null): number {
    const key = `${facet}\u0000${value}\u0000${label ?? '\u0001'}`;
    let code = this.pairCodes.get(key);
    if (code === undefined) {
      code = this.pairs.length;
      this.pairs.push({ facet, value, label });
      this.pairCodes.set(key, code);
    }
    return code;
  }

  private clusterCode(cluster: string): number {
    let code = this.clusterCodes.get(cluster);
    if (code === undefined) {
      code = this.clusterCodes.size;
      this.clusterCodes.set(cluster, code);
    }
    return code;
  }

  private grow(): number {
    if (this.used === this.flags.length) {
      const size = this.flags.length * 2;
      const widen = <T extends Uint8Array | Int16Array | Int32Array | Float64Array>(array: T, make: (n: number) => T): T => {
        const wider = make(size);
        wider.set(array);
        return wider;
      };
      this.flags = widen(this.flags, (n) => new Uint8Array(n));
      this.seqs = widen(this.seqs, (n) => new Int32Array(n));
      this.statusPair = widen(this.statusPair, (n) => new Int32Array(n));
      this.sourcePair = widen(this.sourcePair, (n) => new Int32Array(n));
      this.cluster = widen(this.cluster, (n) => new Int32Array(n));
      this.publisherPair = widen(this.publisherPair, (n) => new Int32Array(n));
      this.score = widen(this.score, (n) => new Int16Array(n));
      this.modified = widen(this.modified, (n) => new Float64Array(n));
      const bbox = new Float64Array(size * 4);
      bbox.set(this.bbox);
      this.bbox = bbox;
      const idWords = new Uint32Array(size * 4);
      idWords.set(this.idWords);
      this.idWords = idWords;
    }
    this.listed.push(EMPTY);
    return this.used++;
  }
}

const EMPTY = new Int32Array(0);

/** A uuid's 16 bytes as four big-endian 32-bit words: compared in order, they order as PostgreSQL orders uuids. */
function uuidWords(uuid: string): Uint32Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a uuid: ${JSON.stringify(uuid)}`);
  return Uint32Array.from([0, 8, 16, 24], (at) => parseInt(hex.slice(at, at + 8), 16));
}

/** The text PostgreSQL gives a uuid (lowercase, 8-4-4-4-12). */
function uuidText(words: Uint32Array, at: number): string {
  const hex = Array.from(words.subarray(at, at + 4), (w) => w.toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The flags a row listed under `status` has (search-filters.ts `statusClause`). */
function listedFlags(status: SearchStatus): number {
  return status === 'active' ? PRIMARY | ACTIVE : status === 'archived' ? ARCHIVED : PRIMARY;
}
