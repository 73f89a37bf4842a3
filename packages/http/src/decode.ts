/**
 * Bytes to text, the way real catalogues need it: a byte-order mark wins, then the charset of
 * the Content-Type, then an XML declaration's encoding, then UTF-8. An unknown or lying label
 * falls back to UTF-8 rather than failing the page.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes.subarray(2), 'utf-16be');
  // UTF-16 without a BOM: `<?` encoded on two bytes.
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return decode(bytes, 'utf-16le');
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return decode(bytes, 'utf-16be');
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const fromXml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  const label = fromHeader ?? fromXml ?? 'utf-8';
  const text = decode(bytes, label);
  // A declared single-byte charset on a body that is valid UTF-8 lies more often than not.
  if (label.toLowerCase() !== 'utf-8' && !label.toLowerCase().startsWith('utf-16') && isValidUtf8(bytes)) {
    return decode(bytes, 'utf-8');
  }
  return text;
}

function decode(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function isValidUtf8(bytes: Uint8Array): boolean {
  let nonAscii = false;
  for (const b of bytes) {
    if (b > 0x7f) {
      nonAscii = true;
      break;
    }
  }
  if (!nonAscii) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
