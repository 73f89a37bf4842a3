import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { HarvesterLookup } from '../deps.js';
import { describeProtocols } from '../protocols.js';
import { errors } from '../schemas.js';

const jsonSchema = (description: string) => Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });

const Protocol = Type.Object({
  id: Type.String({ description: 'What a source gives as `protocol`.' }),
  name: Type.String(),
  incremental: Type.Boolean({ description: 'Whether runs between full runs ask the remote only for records modified since the last complete one.' }),
  filters: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), description: Type.String() }), {
    description: 'The filter keys a source of this protocol may carry (`filters: [{key, value}]`).',
  }),
  config: jsonSchema("The protocol's own settings in a source's `config`: a JSON Schema with titles, descriptions and defaults."),
});

const ProtocolList = Type.Object({
  items: Type.Array(Protocol),
  runnerConfig: jsonSchema('The settings any source may carry in `config` besides its protocol’s (a JSON Schema).'),
});

/**
 * What each protocol accepts, so that an operator, or a form, knows what a source may say before
 * registering it: the filter keys and settings the API checks sources against.
 */
export const adminProtocolRoutes: FastifyPluginAsyncTypebox<{ harvesters: HarvesterLookup }> = async (app, { harvesters }) => {
  app.get(
    '/protocols',
    {
      schema: {
        tags: ['admin: sources'],
        security: [{ bearer: [] }],
        summary: 'The protocols a source may use, with their filter keys and settings',
        response: { 200: ProtocolList, ...errors(401) },
      },
    },
    async () => describeProtocols(harvesters),
  );
};
