/**
 * Old/new comparison for the CSW reader and normaliser: every CSW test fixture, variants of
 * them that take the reader's rarer paths (CRLF line ends, references, CDATA, comments, a
 * DOCTYPE, attributes on leaves), and generated GeoNetwork records sliced from GetRecords pages,
 * each reduced to one line: its tree, its normalised record (or error) and its content hash.
 * `write` saves the lines, `check` compares with a saved file and prints the first differences.
 *
 *   node --import tsx bench/csw-compare.ts write|check <file> [generated=2000]
 *
 * The canonical JSON is computed here by the original definition (JSON.stringify of a copy with
 * sorted keys), so a change in packages/core/src/hash.ts shows as a hash difference.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { canonicalJson, contentHash } from '@moisson/core';
import { normaliseCswRecord, parseXml, readCswResponse } from '../harvesters/csw/src/index.js';
import { getRecordsPage } from './generate/csw.js';

const [mode, file, generatedArg] = process.argv.slice(2);
if ((mode !== 'write' && mode !== 'check') || !file) throw new Error('usage: csw-compare.ts write|check <file> [generated]');
const generated = Number(generatedArg ?? 2_000);
const fixtures = new URL('../harvesters/csw/test/fixtures/', import.meta.url);
const ctx = { source: { url: 'https://catalogue.example.fr/csw?service=CSW' }, config: {}, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const message = (error: unknown) => `${(error as Error).constructor.name}: ${(error as Error).message}`;

function line(name: string, xml: string): string {
  let tree: string;
  try {
    tree = sha(JSON.stringify(parseXml(xml)));
  } catch (error) {
    tree = message(error);
  }
  try {
    const record = normaliseCswRecord({ xml }, ctx as never);
    const hashed = { dataset: record.dataset, chain: record.chain, remoteUrl: record.remoteUrl, remoteModified: record.remoteModified };
    const canonical = canonicalJson(hashed);
    return `${name}\ttree ${tree}\trecord ${sha(canonicalJson(record))}\tcanonical ${sha(canonical)}\thash ${contentHash(hashed)}\tref ${sha(canonical).length === 16 ? createHash('sha256').update(canonical).digest('hex') : ''}`;
  } catch (error) {
    return `${name}\ttree ${tree}\terror ${message(error)}`;
  }
}

/** The rarer paths of the reader, applied to a whole record. */
const variants: Record<string, (xml: string) => string> = {
  as: (xml) => xml,
  crlf: (xml) => xml.replace(/\n/g, '\r\n'),
  tabs: (xml) => xml.replace(/\n {2}/g, '\n\t'),
  references: (xml) => xml.replace(/<gco:CharacterString>([^<]*)</g, (_m, text: string) => `<gco:CharacterString>&#x20;${text.replace(/'/g, '&apos;')} &amp; &lt;x&gt; &#233;&quot;<`),
  cdata: (xml) => xml.replace(/<gco:CharacterString>([^<]*)</g, '<gco:CharacterString><![CDATA[ $1 <b> ]]><'),
  comments: (xml) => xml.replace(/(<\/gmd:[A-Za-z]+>)/g, '$1<!-- note -->'),
  doctype: (xml) => `<?xml version="1.0"?>\n<!DOCTYPE x [ <!ELEMENT x ANY> ]>\n${xml.replace(/^<\?xml[^>]*\?>\s*/, '')}`,
  leafAttributes: (xml) => xml.replace(/<gco:CharacterString>/g, '<gco:CharacterString xml:lang="fr" a="1&#10;2">'),
  bom: (xml) => `\ufeff${xml}`,
  broken: (xml) => xml.replace('</gmd:abstract>', '</gmd:abstracts>'),
  entity: (xml) => xml.replace('</gco:CharacterString>', '&nbsp;</gco:CharacterString>'),
  control: (xml) => xml.replace('</gco:CharacterString>', '\u0001</gco:CharacterString>'),
};

const lines: string[] = [];
for (const name of readdirSync(fixtures).sort()) {
  const xml = readFileSync(new URL(name, fixtures), 'utf8');
  for (const [variant, change] of Object.entries(variants)) lines.push(line(`${name} ${variant}`, change(xml)));
  try {
    const response = readCswResponse(xml);
    lines.push(`${name} response\t${JSON.stringify(response).length} ${sha(JSON.stringify(response))}`);
  } catch (error) {
    lines.push(`${name} response\t${message(error)}`);
  }
}
for (let start = 1; start <= generated; start += 100) {
  const response = readCswResponse(getRecordsPage(generated, start, 100));
  if (response.kind !== 'results') throw new Error(`page ${start}: ${response.kind}`);
  lines.push(`page ${start}\t${response.matched} ${response.returned} ${response.nextRecord} ${response.records.map((r) => `${r.localName}:${r.remoteId}`).join(' ')}`);
  response.records.forEach((record, i) => lines.push(line(`generated ${start + i}`, record.xml)));
}

if (mode === 'write') {
  writeFileSync(file, `${lines.join('\n')}\n`);
  console.log(`${lines.length} lines written to ${file}`);
} else {
  const saved = readFileSync(file, 'utf8').trimEnd().split('\n');
  let differences = 0;
  for (let i = 0; i < Math.max(saved.length, lines.length); i++) {
    if (saved[i] === lines[i]) continue;
    if (differences++ < 10) console.log(`- ${saved[i]}\n+ ${lines[i]}`);
  }
  console.log(differences === 0 ? `identical: ${lines.length} lines` : `${differences} of ${lines.length} lines differ`);
  process.exitCode = differences === 0 ? 0 : 1;
}
