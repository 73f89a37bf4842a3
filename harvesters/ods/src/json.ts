/** Narrowing helpers: the shared ones come from core; `num` (numeric strings too) and `obj` are ODS's own. */
import { isJsonObject, type JsonObject } from '@moisson/core';

export {
  isJsonObject as isObject,
  nonEmptyString as str,
  nonEmptyStrings as strList,
  parseJsonOrUndefined as parseJson,
  type JsonObject,
} from '@moisson/core';

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function obj(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}
