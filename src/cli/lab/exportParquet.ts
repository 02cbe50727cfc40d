/** `leakscope db export --parquet DIR`: each lab table as DIR/<table>.parquet, by DuckDB's COPY. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { TABLES } from './tables';

/** A path as an SQL string literal (COPY takes no parameters). */
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export async function exportParquet(dbFile: string, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  const files: string[] = [];
  try {
    for (const name of ['schema_version', ...TABLES.map((t) => t.name)]) {
      const file = resolve(join(outDir, `${name}.parquet`));
      await db.run(`COPY ${name} TO ${literal(file)} (FORMAT parquet)`);
      files.push(file);
    }
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  return files;
}
