import { describeProtocols, registryHarvesters, type ProtocolDescription } from '@moisson/api';
import { UsageError } from '../services.js';

export interface ProtocolsOptions {
  json?: boolean;
}

interface Setting {
  title?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, Setting>;
}

/** Each setting of a JSON Schema as `key` or `parent.key`, with its schema. */
function settingsOf(schema: Record<string, unknown>, prefix = ''): Array<[string, Setting]> {
  const properties = (schema['properties'] ?? {}) as Record<string, Setting>;
  return Object.entries(properties).flatMap(([key, s]): Array<[string, Setting]> =>
    s.properties ? settingsOf(s as Record<string, unknown>, `${prefix}${key}.`) : [[`${prefix}${key}`, s]],
  );
}

function settingLines(schema: Record<string, unknown>): string[] {
  return settingsOf(schema).map(([key, s]) => {
    const title = s.title ? ` (${s.title})` : '';
    const fallback = s.default !== undefined ? ` Default: ${JSON.stringify(s.default)}.` : '';
    return `  ${key}${title}: ${s.description ?? ''}${fallback}`.trimEnd();
  });
}

function oneProtocol(p: ProtocolDescription, runnerConfig: Record<string, unknown>): string {
  const filters = p.filters.length ? p.filters.map((f) => `  ${f.key} (${f.label}): ${f.description}`) : ['  none'];
  return [
    `${p.id}: ${p.name}${p.incremental ? ', incremental runs' : ''}`,
    'Filters (--filter / --exclude key=value):',
    ...filters,
    'Settings (--config, a source\'s "config"):',
    ...settingLines(p.config),
    'Settings of any source (registered sources only):',
    ...settingLines(runnerConfig),
  ].join('\n');
}

/** Prints the protocols, or one with its filter keys and settings; the same as `GET /admin/protocols`. */
export function protocolsCommand(id: string | undefined, options: ProtocolsOptions): void {
  const { items, runnerConfig } = describeProtocols(registryHarvesters);
  const chosen = id === undefined ? undefined : items.find((p) => p.id === id.trim().toLowerCase());
  if (id !== undefined && !chosen) throw new UsageError(`unknown protocol "${id}"; known: ${items.map((p) => p.id).join(', ')}`);
  let text: string;
  if (options.json) text = JSON.stringify(chosen ? { ...chosen, runnerConfig } : { items, runnerConfig }, null, 2);
  else if (chosen) text = oneProtocol(chosen, runnerConfig);
  else {
    const width = Math.max(...items.map((p) => p.id.length));
    text = [
      ...items.map((p) => `${p.id.padEnd(width)}  ${p.name}${p.incremental ? ' (incremental)' : ''}; filters: ${p.filters.map((f) => f.key).join(', ') || 'none'}`),
      '',
      'moisson protocols <id> lists a protocol\'s filter keys and settings.',
    ].join('\n');
  }
  process.stdout.write(`${text}\n`);
}
