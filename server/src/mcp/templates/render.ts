/**
 * Template rendering for the admin API and tests: parse (diagnostics with line and column),
 * compile, and execute in the Wasm runtime under limits. Compiled templates are cached by source;
 * runtime instances are pooled per memory cap and discarded after any failure.
 */
import { compileTemplate } from './compile.ts';
import type { TemplateDiagnostic } from './diagnostics.ts';
import {
  defaultEnvironment,
  RuntimeFailure,
  RuntimeInstance,
  seededRandom,
  type HostEnvironment,
} from '../runtime/wasm-host.ts';

export type { TemplateDiagnostic } from './diagnostics.ts';

export interface RenderOptions {
  /** Fixed clock, epoch milliseconds (the host function `now` returns it). */
  now?: number;
  /** Deterministic random bytes for uuidv4 and the rand functions. */
  randomSeed?: number;
  maxOutputBytes?: number;
  maxSteps?: number;
  maxMemoryBytes?: number;
  /** The client address getRealIP / getSocketIP return. */
  realIP?: string;
  socketIP?: string;
}

export type RenderResult =
  | { ok: true; output: string }
  | { ok: false; phase: 'parse' | 'execute' | 'limit'; diagnostics: TemplateDiagnostic[] };

export const DEFAULT_LIMITS = {
  maxOutputBytes: 8 * 1024 * 1024,
  maxSteps: 1_000_000,
  maxMemoryBytes: 256 * 1024 * 1024,
} as const;

const COMPILE_CACHE_SIZE = 512;
const compileCache = new Map<string, ReturnType<typeof compileTemplate>>();

function compileCached(template: string): ReturnType<typeof compileTemplate> {
  let c = compileCache.get(template);
  if (c) {
    compileCache.delete(template);
    compileCache.set(template, c);
    return c;
  }
  c = compileTemplate(template);
  compileCache.set(template, c);
  if (compileCache.size > COMPILE_CACHE_SIZE)
    compileCache.delete(compileCache.keys().next().value!);
  return c;
}

interface PooledInstance {
  instance: RuntimeInstance;
  handles: Map<Uint8Array, number>;
}

const pool = new Map<number, PooledInstance>();

function instanceFor(maxMemoryBytes: number): PooledInstance {
  let p = pool.get(maxMemoryBytes);
  if (!p || p.instance.broken) {
    p = { instance: new RuntimeInstance(maxMemoryBytes), handles: new Map() };
    pool.set(maxMemoryBytes, p);
  }
  return p;
}

function environment(options: RenderOptions): HostEnvironment {
  if (options.now === undefined && options.randomSeed === undefined) return defaultEnvironment;
  const now = options.now;
  return {
    now: now === undefined ? defaultEnvironment.now : () => now,
    randomFill:
      options.randomSeed === undefined
        ? defaultEnvironment.randomFill
        : seededRandom(options.randomSeed),
    log: defaultEnvironment.log,
  };
}

function failure(e: unknown): RenderResult {
  if (e instanceof RuntimeFailure) {
    const phase = e.kind === 'limit' ? 'limit' : 'execute';
    return {
      ok: false,
      phase,
      diagnostics: [{ message: e.message, line: e.line, column: e.column, kind: e.kind }],
    };
  }
  throw e;
}

/** Renders with the data already as JSON text (its exact number text is preserved). */
export function renderTemplateJson(
  template: string,
  json: string,
  options: RenderOptions = {},
): RenderResult {
  return renderJsonText(template, json, options, false);
}

function renderJsonText(
  template: string,
  json: string,
  options: RenderOptions,
  trusted: boolean,
): RenderResult {
  const compiled = compileCached(template);
  if (!compiled.ok) return { ok: false, phase: 'parse', diagnostics: compiled.diagnostics };
  const maxMemoryBytes = options.maxMemoryBytes ?? DEFAULT_LIMITS.maxMemoryBytes;
  const pooled = instanceFor(maxMemoryBytes);
  pooled.instance.env = environment(options);
  try {
    let handle = pooled.handles.get(compiled.bytes);
    if (handle === undefined) {
      handle = pooled.instance.loadTemplate(compiled.bytes);
      pooled.handles.set(compiled.bytes, handle);
    }
    const output = pooled.instance.render(
      handle,
      json,
      {
        maxSteps: options.maxSteps ?? DEFAULT_LIMITS.maxSteps,
        maxOutputBytes: options.maxOutputBytes ?? DEFAULT_LIMITS.maxOutputBytes,
      },
      options.realIP ?? '',
      options.socketIP ?? '',
      trusted,
    );
    return { ok: true, output };
  } catch (e) {
    return failure(e);
  } finally {
    pooled.instance.env = defaultEnvironment;
  }
}

/** Renders against a JSON value (serialized to JSON text for the runtime). */
export function renderTemplate(
  template: string,
  data: unknown,
  options: RenderOptions = {},
): RenderResult {
  const json = JSON.stringify(data === undefined ? null : data);
  return renderJsonText(template, json, options, true);
}
