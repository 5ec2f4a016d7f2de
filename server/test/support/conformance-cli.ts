import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const conformanceCli = path.join(
  path.dirname(require.resolve('@modelcontextprotocol/conformance/package.json')),
  'dist/index.js',
);

/** Where the committed expected-failure baselines live. */
export const CONFORMANCE_BASELINE_DIR = path.resolve(
  import.meta.dirname,
  '../mcp-protocol/conformance',
);

export interface ConformanceRun {
  /** The MCP endpoint under test, e.g. `${dataPlaneUrl}/mcp/fixture`. */
  url: string;
  /** The `--requirements` protocol revision. */
  revision: string;
  /** File name of the expected-failures baseline in CONFORMANCE_BASELINE_DIR. */
  baseline: string;
  /** The suite writes its per-scenario results here. */
  outputDir: string;
}

/**
 * Runs the official MCP conformance CLI (@modelcontextprotocol/conformance, pinned in
 * package.json) in a child process, on the Node running the tests (the suite needs Node ≥ 22).
 * The CLI exits non-zero on a failure outside the baseline and on a baselined entry that passes.
 */
export function runConformance(
  run: ConformanceRun,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        conformanceCli,
        'server',
        '--url',
        run.url,
        '--requirements',
        run.revision,
        '--expected-failures',
        path.join(CONFORMANCE_BASELINE_DIR, run.baseline),
        '--output-dir',
        path.join(run.outputDir, run.revision),
      ],
      {
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // MCPGW_CONFORMANCE_LOG=/tmp/x keeps the suite's output in /tmp/x-<baseline>.txt.
      if (process.env.MCPGW_CONFORMANCE_LOG)
        fs.writeFileSync(`${process.env.MCPGW_CONFORMANCE_LOG}-${run.baseline}.txt`, output);
      resolve({ code, output });
    });
  });
}
