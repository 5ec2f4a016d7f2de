// Compiles the AssemblyScript runtime (assembly/index.ts) to build/runtime.wasm with the asc
// JavaScript API. Skips the compile when the output is newer than every source, so `npm start`
// and `npm test`, which build first, stay fast. The output is deterministic: the same sources
// give the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import asc from 'assemblyscript/asc';

const root = import.meta.dirname;
const entry = 'assembly/index.ts';
const outFile = path.join(root, 'build', 'runtime.wasm');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

export const compileOptions = [
  entry,
  '--outFile',
  'build/runtime.wasm',
  '--optimizeLevel',
  '3',
  '--shrinkLevel',
  '0',
  '--noAssert',
  '--runtime',
  'minimal',
  '--importMemory',
  '--use',
  'abort=assembly/template/errors/abortHandler',
  '--exportTable',
];

async function build(): Promise<void> {
  const sourcesTime = Math.max(
    newestSource(path.join(root, 'assembly')),
    fs.statSync(path.join(root, 'build.ts')).mtimeMs,
  );
  if (
    fs.existsSync(outFile) &&
    fs.statSync(outFile).mtimeMs > sourcesTime &&
    !process.argv.includes('--force')
  ) {
    return;
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const started = Date.now();
  const { error, stderr } = await asc.main(compileOptions, {
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (error) {
    console.error(`runtime build failed: ${error.message}`);
    console.error(stderr.toString());
    process.exit(1);
  }
  const size = fs.statSync(outFile).size;
  console.log(`runtime.wasm built in ${Date.now() - started} ms (${size} bytes)`);
}

process.chdir(root);
await build();
