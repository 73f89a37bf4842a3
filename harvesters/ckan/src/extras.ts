import { isObject, str, stringList } from './json.js';
import type { CkanPackage } from './types.js';

/** Package fields CKAN core defines; scheming fields and extras are everything else. */
const CORE_FIELDS = new Set([
  'id', 'name', 'title', 'notes', 'url', 'version', 'state', 'type', 'private', 'owner_org', 'creator_user_id',
  'metadata_created', 'metadata_modified', 'license_id', 'license_title', 'license_url', 'isopen',
  'author', 'author_email', 'maintainer', 'maintainer_email', 'organization', 'groups', 'tags', 'extras',
  'resources', 'num_resources', 'num_tags', 'relationships_as_object', 'relationships_as_subject',
  'title_translated', 'notes_translated', 'tags_translated',
]);

/**
 * One lookup over a package's extras (`[{key, value}]`, or a dict on some DKAN sites) and its
 * top-level scheming fields, which hold the same keys on sites using ckanext-scheming. Every key
 * read is remembered, so what nobody read can be kept as `ckan:<key>` extras.
 */
export class PackageFields {
  private readonly extras = new Map<string, unknown>();
  private readonly used = new Set<string>();
  private readonly looseKeys = new Map<string, string>();

  constructor(private readonly pkg: CkanPackage) {
    const raw = pkg['extras'];
    if (Array.isArray(raw)) {
      for (const item of raw) {
        const key = isObject(item) ? str(item['key']) : undefined;
        if (key !== undefined && isObject(item) && !this.extras.has(key)) this.extras.set(key, item['value']);
      }
    } else if (isObject(raw)) {
      for (const [key, value] of Object.entries(raw)) this.extras.set(key, value);
    }
    for (const key of this.extras.keys()) if (!this.looseKeys.has(key.toLowerCase())) this.looseKeys.set(key.toLowerCase(), key);
  }

  /** The raw value of the first key present (top-level scheming field first, then extra). */
  value(...keys: string[]): unknown {
    for (const key of keys) {
      const top = CORE_FIELDS.has(key) ? undefined : this.pkg[key];
      if (present(top)) {
        this.used.add(key);
        return top;
      }
      const extra = this.extras.get(key);
      if (present(extra)) {
        this.used.add(key);
        return extra;
      }
      // DKAN and hand-made extras capitalise keys (`Frequency`).
      const loose = this.looseKeys.get(key.toLowerCase());
      if (loose !== undefined && present(this.extras.get(loose))) {
        this.used.add(loose);
        return this.extras.get(loose);
      }
    }
    return undefined;
  }

  /** The first non-empty string among the keys. */
  text(...keys: string[]): string | undefined {
    for (const key of keys) {
      const v = str(this.value(key));
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Every string of every key: lists, JSON-encoded lists and single values. */
  list(...keys: string[]): string[] {
    return keys.flatMap((key) => stringList(this.value(key)));
  }

  has(key: string): boolean {
    const loose = this.looseKeys.get(key.toLowerCase());
    return present(this.extras.get(key)) || (loose !== undefined && present(this.extras.get(loose))) || (!CORE_FIELDS.has(key) && present(this.pkg[key]));
  }

  /** Marks keys as handled without reading them (bookkeeping extras we deliberately drop). */
  consume(...keys: string[]): void {
    for (const key of keys) this.used.add(key);
  }

  /** Extras nobody read, as `ckan:<key>`. Scheming top-level fields are not repeated here. */
  unread(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.extras) if (!this.used.has(key) && present(value)) out[`ckan:${key}`] = value;
    return out;
  }
}

function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
