import type { AnyHarvester } from '@moisson/core';

/**
 * Every protocol moisson speaks. Adding a protocol is one line here (and its package).
 * Harvesters are registered by the issue that builds them.
 */
const ALL: AnyHarvester[] = [];

export const harvesters: ReadonlyMap<string, AnyHarvester> = new Map(ALL.map((h) => [h.id, h]));

export function harvesterFor(protocol: string): AnyHarvester | undefined {
  return harvesters.get(protocol);
}

export function protocolIds(): string[] {
  return [...harvesters.keys()];
}
