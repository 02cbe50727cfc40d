/** Runs one of ../shared/tools' compare scripts: its output whatever its exit status. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TOOLS } from '../corpus';

export function runTool(tool: string, args: string[]): { output: string; status: number } {
  try {
    return { output: execFileSync('node', [join(TOOLS, tool), ...args], { encoding: 'utf8' }), status: 0 };
  } catch (e) {
    const err = e as { stdout: string; status: number };
    return { output: err.stdout, status: err.status };
  }
}
