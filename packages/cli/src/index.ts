export { readConfig, redact, ConfigError, type MoissonConfig } from './config.js';
export { harvestCommand, parseFilter, type HarvestOptions, type OutputFormat } from './commands/harvest.js';
export { serveCommand, migrateCommand, type Roles } from './commands/serve.js';
