/**
 * Hosts the AssemblyScript runtime (runtime/build/runtime.wasm): compiles the module once,
 * instantiates it with the host functions it imports (clock, random bytes, time-zone offsets,
 * log) and a memory capped at a maximum, marshals inputs and outputs, and turns every failure —
 * a recorded template error, an exhausted limit, a trap, a failed memory grow, a stack overflow —
 * into a RuntimeFailure naming its cause. A failed instance must be discarded: the caller does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import { Buffer } from 'node:buffer';

export const RUNTIME_WASM_PATH = path.resolve(
  import.meta.dirname,
  '../../../../runtime/build/runtime.wasm',
);

export const PAGE = 65536;

/** The parts of the WebAssembly JS API the host uses (the project's lib settings omit its types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: {
    new (bytes: Uint8Array): object;
    imports(module: object): Array<{ module: string; name: string; kind: string }>;
  };
  compile(bytes: Uint8Array): Promise<object>;
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => {
    exports: Record<string, unknown>;
  };
}
export const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const WebAssembly = WebAssemblyApi;

/** A module memory that can grow to maxMemoryBytes and no further: the per-instance cap. */
export function createCappedMemory(maxMemoryBytes: number): WasmMemory {
  const maximum = Math.max(1, Math.floor(maxMemoryBytes / PAGE));
  return new WebAssembly.Memory({ initial: Math.min(maximum, 4), maximum });
}

/** Reads an AssemblyScript (UTF-16) string of len code units at ptr. */
export function readUtf16(memory: WasmMemory, ptr: number, len: number): string {
  const units = new Uint16Array(memory.buffer.slice(ptr, ptr + len * 2));
  let s = '';
  for (let i = 0; i < units.length; i += 4096)
    s += String.fromCharCode(...units.subarray(i, i + 4096));
  return s;
}

const utf8 = new TextEncoder();

/**
 * The `host` imports of the runtime module: its whole outside world. environment() is read at
 * each call so that an instance can serve calls with different clocks (tests fix the clock).
 */
export function hostImports(
  memory: WasmMemory,
  environment: () => HostEnvironment,
): Record<string, unknown> {
  return {
    now_ms: () => environment().now(),
    random_bytes: (ptr: number, len: number) => {
      environment().randomFill(new Uint8Array(memory.buffer, ptr, len));
    },
    tz_offset: (ptr: number, len: number, epochMs: number) => {
      const offset = zoneOffsetSeconds(readUtf16(memory, ptr, len), epochMs);
      return offset === null ? 0x7fffffff : offset;
    },
    tz_abbrev: (ptr: number, len: number, epochMs: number, outPtr: number, outCap: number) => {
      const bytes = utf8.encode(zoneAbbreviation(readUtf16(memory, ptr, len), epochMs));
      if (bytes.length > outCap) return 0;
      new Uint8Array(memory.buffer, outPtr, bytes.length).set(bytes);
      return bytes.length;
    },
    log: (level: number, ptr: number, len: number) =>
      environment().log(level, readUtf16(memory, ptr, len)),
  };
}

export type FailureKind = 'execute' | 'limit' | 'input' | 'internal';

export class RuntimeFailure extends Error {
  readonly kind: FailureKind;
  readonly line: number;
  readonly column: number;
  constructor(kind: FailureKind, message: string, line = 0, column = 0) {
    super(message);
    this.kind = kind;
    this.line = line;
    this.column = column;
  }
}

/** What the host functions answer; set per call so one instance serves many renders. */
export interface HostEnvironment {
  /** Epoch milliseconds. */
  now(): number;
  randomFill(bytes: Uint8Array): void;
  log(level: number, message: string): void;
}

export const defaultEnvironment: HostEnvironment = {
  now: () => Date.now(),
  randomFill: (bytes) => webcrypto.getRandomValues(bytes),
  log: () => {},
};

/** A deterministic random source (xorshift32) for tests. */
export function seededRandom(seed: number): (bytes: Uint8Array) => void {
  let x = seed >>> 0 || 0x9e3779b9;
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      bytes[i] = x & 0xff;
    }
  };
}

let compiled: object | null = null;

/** The runtime module, compiled once per process. */
export function runtimeModule(): object {
  if (!compiled) compiled = new WebAssembly.Module(fs.readFileSync(RUNTIME_WASM_PATH));
  return compiled;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat | null>();

/** Offset from UTC in seconds of an IANA zone at an instant; null for an unknown zone. */
export function zoneOffsetSeconds(zone: string, epochMs: number): number | null {
  let f = zoneFormatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    zoneFormatters.set(zone, f);
  }
  if (!f) return null;
  const t = Math.floor(epochMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(t)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return Math.round((wall - t) / 1000);
}

/** tzdata abbreviations Intl does not give (zones without daylight saving time). */
const FIXED_ABBREVIATIONS: Record<string, string> = {
  'Asia/Shanghai': 'CST',
  'Asia/Chongqing': 'CST',
  'Asia/Harbin': 'CST',
  PRC: 'CST',
  'Asia/Taipei': 'CST',
  'Asia/Macau': 'CST',
  'Asia/Hong_Kong': 'HKT',
  'Asia/Tokyo': 'JST',
  'Asia/Seoul': 'KST',
  'Asia/Kolkata': 'IST',
  'Asia/Calcutta': 'IST',
};

function localesFor(zone: string): string[] {
  if (zone.startsWith('America/') || zone.startsWith('US/') || zone.startsWith('Pacific/Honolulu'))
    return ['en-US'];
  if (zone.startsWith('Europe/')) return ['en-GB'];
  if (zone.startsWith('Australia/')) return ['en-AU'];
  return ['en-US'];
}

/**
 * The abbreviation Go's tzdata gives a zone at an instant ("EST", "BST"), or Go's numeric form
 * ("+04", "+0530") where the zone has none.
 */
export function zoneAbbreviation(zone: string, epochMs: number): string {
  const fixed = FIXED_ABBREVIATIONS[zone];
  if (fixed) return fixed;
  let name = '';
  try {
    for (const locale of localesFor(zone)) {
      const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
        .formatToParts(new Date(epochMs))
        .find((p) => p.type === 'timeZoneName');
      name = part?.value ?? '';
      if (name && !/^GMT[+-]/.test(name)) return name;
    }
  } catch {
    return '';
  }
  const m = /^GMT([+-])(\d+)(?::(\d+))?$/.exec(name);
  if (!m) return name;
  return m[1]! + m[2]!.padStart(2, '0') + (m[3] ? m[3] : '');
}

interface RuntimeExports {
  inputBuffer(size: number): number;
  templateLoad(len: number): number;
  templateRender(
    handle: number,
    dataLen: number,
    contextLen: number,
    maxSteps: number,
    maxOutput: number,
    trusted: number,
  ): number;
  resultPointer(): number;
  lastErrorKind(): number;
  lastErrorLine(): number;
  lastErrorColumn(): number;
  lastErrorMessagePointer(): number;
  lastErrorMessageLength(): number;
}

/** The runtime's recorded error kinds (runtime/assembly/template/errors.ts). */
export const ERROR_KINDS: Record<number, FailureKind> = {
  1: 'execute',
  2: 'limit',
  3: 'internal',
  4: 'input',
};

export interface RenderLimits {
  maxSteps: number;
  maxOutputBytes: number;
}

export class RuntimeInstance {
  private readonly exports: RuntimeExports;
  private readonly memory: WasmMemory;
  readonly maxMemoryBytes: number;
  env: HostEnvironment = defaultEnvironment;
  /** Set once a call failed: the instance must not be used again. */
  broken = false;

  constructor(maxMemoryBytes: number) {
    this.maxMemoryBytes = maxMemoryBytes;
    this.memory = createCappedMemory(maxMemoryBytes);
    const instance = new WebAssembly.Instance(runtimeModule(), {
      env: { memory: this.memory },
      host: hostImports(this.memory, () => this.env),
    });
    this.exports = instance.exports as unknown as RuntimeExports;
  }

  private readUtf16(ptr: number, len: number): string {
    return readUtf16(this.memory, ptr, len);
  }

  private writeInput(parts: Uint8Array[]): void {
    const total = parts.reduce((n, p) => n + p.length, 0);
    const ptr = this.exports.inputBuffer(total);
    const view = new Uint8Array(this.memory.buffer, ptr, total);
    let offset = 0;
    for (const p of parts) {
      view.set(p, offset);
      offset += p.length;
    }
  }

  /** Runs one call into the module, converting any failure into a RuntimeFailure. */
  private guard<T>(call: () => T): T {
    if (this.broken)
      throw new RuntimeFailure('internal', 'runtime instance was discarded after a failure');
    try {
      return call();
    } catch (e) {
      this.broken = true;
      throw this.describeFailure(e);
    }
  }

  private describeFailure(e: unknown): RuntimeFailure {
    if (e instanceof RangeError && /call stack/i.test(e.message))
      return new RuntimeFailure('limit', 'template nesting too deep: the runtime ran out of stack');
    let kind = 0;
    try {
      kind = this.exports.lastErrorKind();
    } catch {
      kind = 0;
    }
    if (kind !== 0) {
      const message = this.readUtf16(
        this.exports.lastErrorMessagePointer(),
        this.exports.lastErrorMessageLength(),
      );
      const line = this.exports.lastErrorLine();
      const column = this.exports.lastErrorColumn();
      if (kind === 3 && this.nearMemoryLimit())
        return new RuntimeFailure('limit', `memory limit of ${this.maxMemoryBytes} bytes exceeded`);
      return new RuntimeFailure(ERROR_KINDS[kind] ?? 'internal', message, line, column);
    }
    // The allocator traps with `unreachable` when memory cannot grow; the executor always
    // records an error before it traps, so an unrecorded `unreachable` is a failed grow.
    if (
      this.nearMemoryLimit() ||
      (e instanceof RangeError && /memory/i.test(e.message)) ||
      (e instanceof Error && /unreachable/.test(e.message))
    )
      return new RuntimeFailure('limit', `memory limit of ${this.maxMemoryBytes} bytes exceeded`);
    const message = e instanceof Error ? e.message : String(e);
    return new RuntimeFailure('internal', `runtime trapped: ${message}`);
  }

  private nearMemoryLimit(): boolean {
    return this.memory.buffer.byteLength + 2 * PAGE > this.maxMemoryBytes;
  }

  loadTemplate(bytes: Uint8Array): number {
    return this.guard(() => {
      this.writeInput([bytes]);
      return this.exports.templateLoad(bytes.length);
    });
  }

  /**
   * Renders; strings cross the boundary as UTF-16 (a copy each way, no transcoding). `trusted`:
   * the JSON comes from JSON.stringify, so the runtime need not validate it.
   */
  render(
    handle: number,
    json: string,
    limits: RenderLimits,
    realIP = '',
    socketIP = '',
    trusted = false,
  ): string {
    return this.guard(() => {
      const data = Buffer.from(json, 'utf16le');
      const context = Buffer.from(`${realIP}\n${socketIP}`, 'utf16le');
      this.writeInput([data, context]);
      const units = this.exports.templateRender(
        handle,
        json.length,
        context.length / 2,
        limits.maxSteps,
        limits.maxOutputBytes,
        trusted ? 1 : 0,
      );
      const ptr = this.exports.resultPointer();
      return Buffer.from(this.memory.buffer, ptr, units * 2).toString('utf16le');
    });
  }
}
