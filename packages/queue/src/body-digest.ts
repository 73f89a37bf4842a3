import { createHash, type Hash } from 'node:crypto';

/** How a body reached the harvester: streamed bytes, text the client decoded, or the text answered to a POST. */
export type BodyKind = 'stream' | 'text' | 'post';

/**
 * A running digest of one page's body. It starts from the run's settings digest (source,
 * harvester, code: see `settingsDigest`) and from what decides how the body is read (the final
 * URL, the Content-Type), so equal digests mean a page that would be parsed and normalised the
 * same way.
 */
export class BodyDigest {
  private readonly hash: Hash;

  constructor(settings: Buffer, kind: BodyKind, finalUrl: string, contentType: string | undefined) {
    this.hash = createHash('sha256').update(settings).update(`\u0000${kind}\u0000${finalUrl}\u0000${contentType ?? ''}\u0000`);
  }

  update(chunk: Uint8Array | string): this {
    this.hash.update(chunk);
    return this;
  }

  /** The digest, once the whole body went through `update` (it can be taken once). */
  digest(): string {
    return this.hash.digest('base64url');
  }
}

/** The first chunks of a body, read ahead and hashed, and whether they were all of it. */
export interface ReadAhead {
  chunks: Uint8Array[];
  ended: boolean;
}

/**
 * Reads `body` into memory and through `digest` until it ends or `maxBytes` are held (the last
 * chunk may go past by its own size). Errors of the body (its byte limit, a reset) propagate.
 */
export async function readAhead(body: AsyncIterator<Uint8Array>, digest: BodyDigest, maxBytes: number): Promise<ReadAhead> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < maxBytes) {
    const next = await body.next();
    if (next.done) return { chunks, ended: true };
    chunks.push(next.value);
    size += next.value.byteLength;
    digest.update(next.value);
  }
  return { chunks, ended: false };
}

/** A body read whole already, handed out again. */
export async function* replayed(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* handOut(chunks);
}

/** Yields `chunks` emptying the array, so each one can be collected once the reader is done with it. */
function* handOut(chunks: Uint8Array[]): Generator<Uint8Array> {
  for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift()) yield chunk;
}

/**
 * The whole body again: the chunks already read (and hashed), then the rest of `body` hashed as
 * it passes. `onDigest` gets the digest when the body has been read to its end, never otherwise.
 * `head` is emptied as it is handed out.
 */
export async function* digestedBody(
  head: Uint8Array[],
  body: AsyncIterator<Uint8Array>,
  digest: BodyDigest,
  onDigest: (digest: string) => void,
): AsyncGenerator<Uint8Array> {
  try {
    yield* handOut(head);
    for (let next = await body.next(); !next.done; next = await body.next()) {
      digest.update(next.value);
      yield next.value;
    }
    onDigest(digest.digest());
  } finally {
    await body.return?.();
  }
}
