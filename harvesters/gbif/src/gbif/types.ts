import type { JsonObject } from '../json.js';

/** What `pages` hands to `normalise` for one registry dataset. */
export interface GbifRecord {
  /** The dataset as the search answered it. */
  search: JsonObject;
  /** The dataset's EML document (`/v1/dataset/{key}/document`), null when the registry has none. */
  eml: string | null;
  /** The dataset's endpoints (DWC_ARCHIVE, EML, BIOCASE…). */
  endpoints: JsonObject[];
}

/** Where to resume the search. */
export interface GbifCursor {
  offset: number;
  [key: string]: number;
}
