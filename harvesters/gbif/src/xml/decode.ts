/**
 * Text from the bytes of an XML file, as real files have them: a BOM (UTF-8, UTF-16 LE/BE),
 * UTF-16 without a BOM, a declared encoding that lies in either direction (declared Latin-1 on a
 * UTF-8 file, declared UTF-8 on a Latin-1 file). The Http client does the same for fetched
 * bodies; this one is for bytes read directly (corpus files, tests, embedded documents).
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes.subarray(2), 'utf-16be');
  // `<?` or `<e` on two bytes each: UTF-16 that forgot its BOM.
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[3] === 0x00) return decode(bytes, 'utf-16le');
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00) return decode(bytes, 'utf-16be');
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  // Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the declaration says: a Latin-1 text
  // that happens to be valid UTF-8 is vanishingly rare, a wrong declaration is common.
  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined) return utf8;
  if (declared === 'utf-8' || declared === 'utf8' || declared.startsWith('utf-16')) return decode(bytes, 'windows-1252');
  return decode(bytes, declared);
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function decode(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
