import { Ajv, type AnySchema, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyServerOptions } from 'fastify';

const common: Options = {
  useDefaults: true,
  // Unknown body fields are refused, not silently dropped: a typo ("schedul") must not pass.
  removeAdditional: false,
  addUsedSchema: false,
  // allErrors would let one request make ajv do unbounded work.
  allErrors: false,
};

/**
 * Validators per request part. Query strings, path parameters and headers are text, so they are
 * coerced ("5" → 5) as Fastify does by default; JSON bodies are not: with coercion `enabled: null`
 * became `false` and `protocol: ["fake"]` became `"fake"` (found by fuzzing), where a wrong type
 * must be a 400.
 */
export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator(externalSchemas: unknown) {
      const make = (options: Options) => {
        const ajv = new Ajv({ ...common, ...options });
        addFormats.default(ajv);
        for (const schema of Object.values((externalSchemas ?? {}) as Record<string, object>)) ajv.addSchema(schema);
        return ajv;
      };
      const text = make({ coerceTypes: 'array' });
      const json = make({ coerceTypes: false });
      return ({ schema, httpPart }: { schema: AnySchema; httpPart?: string }) => {
        const ajv = httpPart === 'body' ? json : text;
        const id = typeof schema === 'object' ? schema.$id : undefined;
        return (id && ajv.getSchema(id)) || ajv.compile(schema);
      };
    },
  },
};
