/**
 * Publishing's compiler: a server definition becomes a self-contained .wasm artifact, the
 * runtime module (runtime/build/runtime.wasm) with the server's compiled configuration in a
 * custom section. The definition is canonicalized first (RFC 8785 key order), so the same
 * content always gives byte-identical artifacts; the content hash is the artifact's identity.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { canonicalJson } from '../../common/content-hash.ts';
import type { ServerDefinition } from '../servers/model.ts';
import { RUNTIME_WASM_PATH } from '../runtime/wasm-host.ts';
import { compileConfig, type TemplateProblem } from './compiled-config.ts';
import { CONFIG_SECTION, customSection } from './wasm-sections.ts';

export interface CompiledArtifact {
  bytes: Uint8Array;
  /** sha256 hex of bytes. */
  contentHash: string;
  sizeBytes: number;
}

export class CompileError extends Error {
  readonly problems: TemplateProblem[];
  constructor(problems: TemplateProblem[]) {
    const shown = problems
      .slice(0, 5)
      .map((p) => `tool '${p.tool}': ${p.field} line ${p.line}, column ${p.column}: ${p.message}`);
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    super(`the server does not compile: ${shown.join('; ')}${more}`);
    this.problems = problems;
  }
}

let runtimeBytes: { path: string; bytes: Uint8Array; mtimeMs: number } | undefined;

const validate = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } })
  .WebAssembly.validate;

/**
 * The runtime module's bytes, re-read when the build replaced the file. A file that does not
 * validate (a build writing it at this moment) is refused rather than built into an artifact.
 */
export function runtimeWasm(file = RUNTIME_WASM_PATH): Uint8Array {
  const { mtimeMs } = fs.statSync(file);
  if (!runtimeBytes || runtimeBytes.path !== file || runtimeBytes.mtimeMs !== mtimeMs) {
    const bytes = new Uint8Array(fs.readFileSync(file));
    if (!validate(bytes))
      throw new Error(`${file} is not a valid WebAssembly module (is a runtime build writing it?)`);
    runtimeBytes = { path: file, bytes, mtimeMs };
  }
  return runtimeBytes.bytes;
}

/** The compiled configuration alone (what the artifact's custom section holds). */
export function compileServerConfig(
  definition: ServerDefinition,
  options: { version?: number } = {},
): Uint8Array {
  const canonical = JSON.parse(canonicalJson(definition)) as ServerDefinition;
  const { bytes, problems } = compileConfig(canonical, options.version);
  if (problems.length > 0) throw new CompileError(problems);
  return bytes;
}

/** Validates nothing (the service validates before); throws CompileError on template errors. */
export function compileServer(
  definition: ServerDefinition,
  options: { version?: number } = {},
): CompiledArtifact {
  const config = compileServerConfig(definition, options);
  const runtime = runtimeWasm();
  const section = customSection(CONFIG_SECTION, config);
  const bytes = new Uint8Array(runtime.length + section.length);
  bytes.set(runtime, 0);
  bytes.set(section, runtime.length);
  return {
    bytes,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.length,
  };
}
