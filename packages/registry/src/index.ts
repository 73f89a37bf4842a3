import type { AnyHarvester } from '@moisson/core';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { cswHarvester } from '@moisson/harvester-csw';
import { dcatHarvester } from '@moisson/harvester-dcat';
import { gbifHarvester, iptHarvester } from '@moisson/harvester-gbif';
import { oaiHarvester } from '@moisson/harvester-oai';
import { odsHarvester } from '@moisson/harvester-ods';

/**
 * Every protocol moisson speaks. Adding a protocol is one line here (and its package).
 */
const ALL: AnyHarvester[] = [ckanHarvester, dcatHarvester, odsHarvester, cswHarvester, gbifHarvester, iptHarvester, oaiHarvester];

export const harvesters: ReadonlyMap<string, AnyHarvester> = new Map(ALL.map((h) => [h.id, h]));

export function harvesterFor(protocol: string): AnyHarvester | undefined {
  return harvesters.get(protocol);
}

export function protocolIds(): string[] {
  return [...harvesters.keys()];
}
