#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { HarvestOptions } from './commands/harvest.js';
import type { Roles } from './commands/serve.js';
import type { MoissonConfig } from './config.js';

// Commands load their modules when they run: `--help` and argument errors answer at once
// instead of first loading Fastify, BullMQ and every harvester.
const config = async (): Promise<MoissonConfig> => (await import('./config.js')).readConfig();
const serve = async (roles: Roles) => (await import('./commands/serve.js')).serveCommand(await config(), roles);

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

export function program(): Command {
  const cli = new Command('moisson')
    .description('Harvests open-data and biodiversity catalogues into one DCAT-AP catalogue, keeping where every record came from.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Environment: DATABASE_URL, REDIS_URL, PORT, HOST, MOISSON_ADMIN_TOKEN, MOISSON_ALLOWED_HOSTS,
MOISSON_PUBLIC_URL, MOISSON_WORKER_CONCURRENCY, MOISSON_ARCHIVE_GRACE_DAYS.
PostgreSQL and Redis missing? docker compose up -d postgres redis`,
    );

  cli
    .command('start')
    .description('run everything in one process: migrations, API, worker, scheduler')
    .action(() => serve({ api: true, worker: true, scheduler: true }));
  cli
    .command('api')
    .description('run the HTTP API (and the scheduler, unless --no-scheduler)')
    .option('--no-scheduler', 'do not start harvests on schedule from this process')
    .action((options: { scheduler: boolean }) => serve({ api: true, worker: false, scheduler: options.scheduler }));
  cli
    .command('worker')
    .description('run harvests from the queue (and re-enqueue runs lost by a crash)')
    .action(() => serve({ api: false, worker: true, scheduler: false }));
  cli
    .command('migrate')
    .description('create the database if missing and apply the migrations')
    .action(async () => (await import('./commands/serve.js')).migrateCommand(await config()));
  cli
    .command('harvest')
    .description('read a catalogue once and print its normalised datasets (needs neither PostgreSQL nor Redis)')
    .argument('<url>', 'the catalogue URL (e.g. https://demo.ckan.org)')
    .option('-p, --protocol <protocol>', 'the protocol (detected when omitted)')
    .option('-n, --limit <n>', 'stop after this many datasets', positiveInteger)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'ndjson', 'jsonld']).default('json'))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--filter <key=value>', 'keep only matching datasets (repeatable; keys depend on the protocol: moisson protocols <id>)', collect, [])
    .option('--exclude <key=value>', 'leave out matching datasets (repeatable)', collect, [])
    .option('--config <json>', 'protocol settings as a JSON object, e.g. \'{"pageSize": 100}\'')
    .action(async (url: string, options: HarvestOptions) => {
      const { harvestCommand } = await import('./commands/harvest.js');
      process.exitCode = await harvestCommand(url, options, await config());
    });
  cli
    .command('protocols')
    .description("list the protocols, or one protocol's filter keys and settings")
    .argument('[id]', 'a protocol id (e.g. ckan)')
    .option('--json', 'print the JSON of GET /admin/protocols')
    .action(async (id: string | undefined, options: { json?: boolean }) => (await import('./commands/protocols.js')).protocolsCommand(id, options));
  return cli;
}

async function main(): Promise<void> {
  try {
    await program().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message or the help already.
      process.exit(error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2);
    }
    const { ConfigError } = await import('./config.js');
    const { ServiceError, UsageError } = await import('./services.js');
    const { describeError } = await import('@moisson/core');
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${error instanceof ServiceError ? error.message : describeError(error)}\n`);
    process.exit(1);
  }
}

void main();
