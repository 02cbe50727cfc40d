/**
 * `leakscope db`: one DuckDB database across captures (issue 16).
 *   leakscope db build RESULTS... --out lab.duckdb   every report (*.json, as `leakscope scan --out`
 *                                                    writes them) into the tables of lab/tables.ts
 *   leakscope db summary lab.duckdb --out DIR        summary.html, per_app.csv, per_host.csv,
 *                                                    app_versions.csv, version_changes.csv
 *   leakscope db export lab.duckdb --parquet DIR     <table>.parquet for each table
 * The tables (captures, apps, flows, hosts, findings, schema_version) are described in
 * lab/tables.ts. DuckDB runs embedded (@duckdb/node-api, a native package the bundle leaves
 * external); no server.
 */
import { existsSync } from 'node:fs';
import { buildLab } from './lab/build';
import { writeSummary } from './lab/summary';
import { exportParquet } from './lab/exportParquet';
import { codeCacheReady } from './codeCache';

const HELP: Record<string, string> = {
  build: [
    'usage: leakscope db build RESULTS... --out lab.duckdb',
    '  Loads every report (*.json in each RESULTS folder, or a report file) into one DuckDB database:',
    '  tables captures, apps, flows, hosts, findings and schema_version. Non-report JSON is skipped with',
    '  a warning. An existing database at --out is replaced.',
  ].join('\n'),
  summary: [
    'usage: leakscope db summary lab.duckdb --out DIR',
    '  Writes DIR/summary.html (self-contained) and CSVs: per_app.csv, per_host.csv (SDK host and its',
    '  tracker company), app_versions.csv and version_changes.csv (kinds x hosts newly sent / no longer',
    '  sent between consecutive versions of each app; "version unknown" steps ordered by start time).',
  ].join('\n'),
  export: [
    'usage: leakscope db export lab.duckdb --parquet DIR',
    '  Writes DIR/<table>.parquet for schema_version, captures, apps, flows, hosts and findings.',
  ].join('\n'),
};

function usage(code: number): never {
  const text = ['usage: leakscope db <build|summary|export> …', ...Object.values(HELP)].join('\n\n');
  (code ? console.error : console.log)(text);
  process.exit(code);
}

function fail(message: string, sub?: string): never {
  console.error(`leakscope db: ${message}`);
  if (sub) console.error(HELP[sub]);
  process.exit(2);
}

/** Positional arguments and the one option the subcommand takes. */
function parse(sub: string, argv: string[], option: string): { positional: string[]; value: string } {
  const positional: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(HELP[sub]);
      process.exit(0);
    } else if (a === option) {
      value = argv[++i];
      if (value === undefined) fail(`${option} needs a value`, sub);
    } else if (a.startsWith('--')) fail(`unknown option ${a}`, sub);
    else positional.push(a);
  }
  if (value === undefined) fail(`${option} is required`, sub);
  return { positional, value };
}

function database(sub: string, positional: string[]): string {
  if (positional.length !== 1) fail('give one database file', sub);
  if (!existsSync(positional[0])) fail(`no database at ${positional[0]}`);
  return positional[0];
}

async function main(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') usage(sub ? 0 : 2);
  if (sub === 'build') {
    const { positional, value } = parse(sub, rest, '--out');
    if (positional.length === 0) fail('give a results folder', sub);
    for (const p of positional) if (!existsSync(p)) fail(`no such file or folder ${p}`);
    const r = await buildLab(positional, value, (line) => console.error(line));
    const counts = Object.entries(r.rows).map(([t, n]) => `${n} ${t}`).join(', ');
    console.error(`leakscope db: ${r.reports} reports (${counts}) into ${value} in ${r.seconds.toFixed(2)} s${r.skipped.length ? `; ${r.skipped.length} files skipped` : ''}`);
    if (r.reports === 0) process.exitCode = 1;
  } else if (sub === 'summary') {
    const { positional, value } = parse(sub, rest, '--out');
    const { files } = await writeSummary(database(sub, positional), value);
    console.error(`leakscope db: wrote ${files.join(', ')}`);
  } else if (sub === 'export') {
    const { positional, value } = parse(sub, rest, '--parquet');
    const files = await exportParquet(database(sub, positional), value);
    console.error(`leakscope db: wrote ${files.join(', ')}`);
  } else {
    console.error(`leakscope db: unknown subcommand ${sub}`);
    usage(2);
  }
}

// The V8 code cache (launch.ts) is written once a command has run through.
main(process.argv.slice(2)).then(codeCacheReady, (e: unknown) => {
  console.error(`leakscope db: ${(e as Error).message}`);
  process.exit(1);
});
