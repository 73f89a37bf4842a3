import { Type, type Static } from '@sinclair/typebox';

/**
 * Source settings the runner reads, whatever the protocol. They sit in a source's `config` next
 * to the protocol's own settings; the runner takes them out before the harvester sees its part,
 * and the API validates each part against its own schema.
 */
export const RunnerConfigSchema = Type.Object(
  {
    incremental: Type.Optional(Type.Boolean({ title: 'Incremental runs', description: 'Between full runs, ask only for records modified since the last complete run (for protocols that can). Default true.' })),
    fullEveryDays: Type.Optional(Type.Number({ minimum: 0, title: 'Full run every (days)', description: 'A full listing at least this often, so deletions are seen. Default 7.' })),
    archiveGraceDays: Type.Optional(Type.Number({ minimum: 0, title: 'Archive grace (days)', description: 'A dataset missing from complete runs is archived after this long. Default 7 (MOISSON_ARCHIVE_GRACE_DAYS).' })),
    politeness: Type.Optional(
      Type.Object(
        {
          concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 8, title: 'Requests at once', description: 'Requests at once to the source host. Default 2.' })),
          delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000, title: 'Delay between requests (ms)', description: 'Minimum delay between two requests to the host. Default 250.' })),
        },
        { additionalProperties: false, title: 'Politeness' },
      ),
    ),
  },
  { additionalProperties: false },
);

export type RunnerConfig = Static<typeof RunnerConfigSchema>;

const RUNNER_KEYS = new Set(Object.keys(RunnerConfigSchema.properties));

/** Splits a source `config` into the runner's settings and the protocol's own. */
export function splitSourceConfig<T extends Record<string, unknown>>(config: T): { runner: Record<string, unknown>; harvester: Record<string, unknown> } {
  const runner: Record<string, unknown> = {};
  const harvester: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config ?? {})) (RUNNER_KEYS.has(key) ? runner : harvester)[key] = value;
  return { runner, harvester };
}
