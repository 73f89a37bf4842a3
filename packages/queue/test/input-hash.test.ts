import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtCodeFingerprint, codeFingerprint } from '../src/input-hash.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'moisson-fingerprint-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const base = {
  'package-lock.json': '{"lockfileVersion":3}',
  'packages/core/dist/model.js': 'export const a = 1;',
  'harvesters/ckan/dist/normalise.js': 'export const b = 2;',
  'harvesters/ckan/dist/vocab/licences.json': '{}',
};

describe('the code fingerprint', () => {
  it('changes with the built code, the data it ships and the locked dependencies, not with maps or the console', () => {
    const reference = builtCodeFingerprint(workspace(base));
    expect(reference).toBeDefined();
    expect(builtCodeFingerprint(workspace(base))).toBe(reference);
    expect(builtCodeFingerprint(workspace({ ...base, 'harvesters/ckan/dist/normalise.js': 'export const b = 3;' }))).not.toBe(reference);
    expect(builtCodeFingerprint(workspace({ ...base, 'harvesters/ckan/dist/vocab/licences.json': '{"x":1}' }))).not.toBe(reference);
    expect(builtCodeFingerprint(workspace({ ...base, 'package-lock.json': '{"lockfileVersion":3,"n3":"2"}' }))).not.toBe(reference);
    expect(builtCodeFingerprint(workspace({ ...base, 'harvesters/ckan/dist/normalise.js.map': '{}' }))).toBe(reference);
    expect(builtCodeFingerprint(workspace({ ...base, 'packages/console/dist/ui/app.js': 'x' }))).toBe(reference);
  });

  it('is undefined where no built code can be read, and the process then uses a random one', () => {
    expect(builtCodeFingerprint(workspace({ 'package-lock.json': '{}' }))).toBeUndefined();
    expect(builtCodeFingerprint(join(tmpdir(), 'moisson-no-such-dir'))).toBeUndefined();
    // This repository is built before its tests run: its fingerprint is read, and stays put.
    expect(codeFingerprint()).not.toMatch(/^random:/);
    expect(codeFingerprint()).toBe(codeFingerprint());
  });
});
