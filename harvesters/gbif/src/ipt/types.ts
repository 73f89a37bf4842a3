import type { IptItem } from './rss.js';

/** What `pages` hands to `normalise` for one IPT resource. */
export interface IptRecord {
  /** The IPT base URL the resource was listed by. */
  base: string;
  item: IptItem;
  /** The resource's EML (`eml.do`), null when the IPT would not give it. */
  eml: string | null;
}
