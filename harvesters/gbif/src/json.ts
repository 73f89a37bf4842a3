/** Narrowing helpers: the shared ones come from core; `num` is GBIF's own (numbers only). */
export {
  isJsonObject as isObject,
  nonEmptyString as str,
  nonEmptyStrings as strList,
  parseJsonOrUndefined as parseJson,
  type JsonObject,
} from '@moisson/core';

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
