import type pg from 'pg';

/**
 * `lower(moisson_unaccent(x))` as the database computes it, in the worker. The keyword facet and
 * its filter must fold a keyword the same way on both sides, so the table is read from the server
 * itself (its unaccent dictionary, its case mapping) once per pool: every character of the Basic
 * Multilingual Plane the fold changes, with what it becomes.
 */
export type Fold = (text: string) => string;

const folds = new WeakMap<pg.Pool, Promise<Fold>>();

export function textFold(pool: pg.Pool): Promise<Fold> {
  let fold = folds.get(pool);
  if (!fold) {
    fold = readFold(pool);
    folds.set(pool, fold);
    fold.catch(() => folds.delete(pool));
  }
  return fold;
}

async function readFold(pool: pg.Pool): Promise<Fold> {
  const { rows } = await pool.query<{ c: string; f: string }>(
    `SELECT c, f FROM (SELECT chr(i) AS c, lower(moisson_unaccent(chr(i))) AS f
                       FROM generate_series(1, 65533) i WHERE i NOT BETWEEN 55296 AND 57343) x
     WHERE c <> f`,
  );
  return foldWith(new Map(rows.map((r) => [r.c, r.f])));
}

export function foldWith(table: ReadonlyMap<string, string>): Fold {
  return (text) => {
    let out = '';
    let changed = false;
    for (const ch of text) {
      const mapped = table.get(ch);
      if (mapped === undefined) out += ch;
      else {
        out += mapped;
        changed = true;
      }
    }
    return changed ? out : text;
  };
}
