// Compiles the gjson test entry (runtime/assembly/testing/gjson-entry.ts) with
// the AssemblyScript compiler's JavaScript API and wraps its exports, lifting
// strings across the Wasm boundary by hand (UTF-16 in linear memory).
import asc from 'assemblyscript/asc';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../assembly/testing/gjson-entry.ts', import.meta.url));
const libraryDir = fileURLToPath(new URL('../../assembly/gjson/', import.meta.url));
const ascOptions = ['--runtime', 'incremental', '--exportRuntime', '-O3', '--noAssert'];

export interface GjsonOutcome {
  type: number;
  raw: string;
  str: string;
  num: string;
  index: number;
  exists: boolean;
  string: string;
  int: string;
  float: string;
  bool: boolean;
  isArray: boolean;
  isObject: boolean;
  array: string[];
  entries: [string, string][];
}

export interface GjsonModule {
  get(json: string, path: string): GjsonOutcome;
  parse(json: string): GjsonOutcome;
  valid(json: string): boolean;
  getThen(json: string, first: string, second: string): GjsonOutcome;
  getManyRaw(json: string, paths: string[]): string[];
  /** Only the raw text: what a template does most of the time. */
  getRaw(json: string, path: string): string;
  /** Copies a string into the module once and pins it, for repeated lookups. */
  pin(json: string): number;
  getRawPinned(jsonPtr: number, path: string): string;
}

// The project's TypeScript libraries (ES2024 + node) do not declare the
// WebAssembly global; this is the part of it used here.
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Exports {
  memory: { buffer: ArrayBuffer };
  __new(size: number, id: number): number;
  __pin(ptr: number): number;
  __unpin(ptr: number): void;
  gjsonGet(json: number, path: number): number;
  gjsonParse(json: number): number;
  gjsonValid(json: number): number;
  gjsonGetThen(json: number, first: number, second: number): number;
  gjsonGetManyRaw(json: number, paths: number): number;
  gjsonGetRaw(json: number, path: number): number;
}

async function compile(): Promise<Uint8Array> {
  let binary: Uint8Array | undefined;
  const { error, stderr } = await asc.main([entry, '--outFile', 'gjson.wasm', ...ascOptions], {
    writeFile(name: string, contents: string | Uint8Array) {
      if (name.endsWith('.wasm') && contents instanceof Uint8Array) binary = contents;
    },
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
  if (!binary) throw new Error('asc produced no .wasm');
  return binary;
}

/**
 * The compiled test entry. Optimised compiles take tens of seconds on a busy
 * machine, so the binary is cached in the temp directory under a hash of the
 * sources and options: test files and runs share one compile.
 */
export async function compileGjsonWasm(): Promise<Uint8Array> {
  const hash = createHash('sha256');
  hash.update(ascOptions.join(' '));
  hash.update(readFileSync(entry));
  for (const name of readdirSync(libraryDir).sort()) {
    hash.update(name);
    hash.update(readFileSync(path.join(libraryDir, name)));
  }
  const cached = path.join(tmpdir(), `mcpgw-gjson-${hash.digest('hex').slice(0, 24)}.wasm`);
  if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
  const binary = await compile();
  const partial = `${cached}.${process.pid}`;
  writeFileSync(partial, binary);
  renameSync(partial, cached);
  return binary;
}

export async function loadGjsonWasm(binary?: Uint8Array): Promise<GjsonModule> {
  const bytes = binary ?? (await compileGjsonWasm());
  const { instance } = await wasmApi.instantiate(bytes, {
    env: {
      abort(msg: number, file: number, line: number, col: number) {
        throw new Error(`wasm abort ${readString(msg)} at ${readString(file)}:${line}:${col}`);
      },
      trace() {},
      seed: () => 1,
    },
  });
  const ex = instance.exports as unknown as Exports;

  function readString(ptr: number): string {
    if (!ptr) return '';
    const buf = ex.memory.buffer;
    const byteLen = new Uint32Array(buf, ptr - 4, 1)[0]!;
    return Buffer.from(buf, ptr, byteLen).toString('utf16le');
  }
  function newString(s: string): number {
    const ptr = ex.__new(s.length << 1, 2);
    const bytes = Buffer.from(s, 'utf16le');
    new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  }
  // Arguments are pinned while later arguments are allocated, then released.
  function call(fn: (...ptrs: number[]) => number, ...args: string[]): string {
    const ptrs: number[] = [];
    for (const a of args) ptrs.push(ex.__pin(newString(a)));
    try {
      return readString(fn(...ptrs));
    } finally {
      for (const p of ptrs) ex.__unpin(p);
    }
  }
  return {
    get: (json, path) => JSON.parse(call(ex.gjsonGet, json, path)) as GjsonOutcome,
    parse: (json) => JSON.parse(call(ex.gjsonParse, json)) as GjsonOutcome,
    valid: (json) => {
      const p = ex.__pin(newString(json));
      try {
        return ex.gjsonValid(p) !== 0;
      } finally {
        ex.__unpin(p);
      }
    },
    getThen: (json, first, second) =>
      JSON.parse(call(ex.gjsonGetThen, json, first, second)) as GjsonOutcome,
    getManyRaw: (json, paths) =>
      JSON.parse(call(ex.gjsonGetManyRaw, json, paths.join('\n'))) as string[],
    getRaw: (json, path) => call(ex.gjsonGetRaw, json, path),
    pin: (json) => ex.__pin(newString(json)),
    getRawPinned: (jsonPtr, path) => {
      const p = ex.__pin(newString(path));
      try {
        return readString(ex.gjsonGetRaw(jsonPtr, p));
      } finally {
        ex.__unpin(p);
      }
    },
  };
}
