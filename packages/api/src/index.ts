export { buildApi } from './app.js';
export { registryHarvesters, harvesterList, type ApiDeps, type HarvesterLookup } from './deps.js';
export { ApiError } from './errors.js';
export { SourceChecks, detectProtocol } from './source-checks.js';
export { describeProtocols, type ProtocolDescription } from './protocols.js';
