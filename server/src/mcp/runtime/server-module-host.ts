/**
 * One instance of a server artifact's Wasm module: its capped memory, the host functions it
 * imports (clock, random bytes, time zones, log — the module's whole outside world), and the
 * marshalling of inputs and outputs. Any failure inside the module (a recorded template error,
 * an exhausted budget, a failed memory grow, a trap, a stack overflow) becomes a
 * RuntimeFailure naming its cause, and the instance is marked broken: its owner replaces it.
 */
import { GarbagePolicy } from './garbage-policy.ts';
import {
  createCappedMemory,
  defaultEnvironment,
  ERROR_KINDS,
  hostImports,
  PAGE,
  readUtf16,
  RuntimeFailure,
  WebAssemblyApi,
  type HostEnvironment,
  type WasmMemory,
} from './wasm-host.ts';

interface ServerExports {
  serverInputBuffer(size: number): number;
  serverOutputPointer(): number;
  serverInit(configLen: number, secretsLen: number): void;
  serverDescribe(): number;
  callStart(
    tool: number,
    argsLen: number,
    contextLen: number,
    maxSteps: number,
    maxOutput: number,
    collect: number,
  ): number;
  callResume(
    tool: number,
    state: number,
    status: number,
    headersLen: number,
    bodyLen: number,
    maxSteps: number,
    maxOutput: number,
    collect: number,
  ): number;
  callStepsLeft(): number;
  callPhase(): number;
  callPhaseIndex(): number;
  lastErrorKind(): number;
  lastErrorLine(): number;
  lastErrorColumn(): number;
  lastErrorMessagePointer(): number;
  lastErrorMessageLength(): number;
}

const REQUIRED_EXPORTS = [
  'serverInputBuffer',
  'serverOutputPointer',
  'serverInit',
  'serverDescribe',
  'callStart',
  'callResume',
  'callStepsLeft',
  'callPhase',
  'callPhaseIndex',
  'lastErrorKind',
];

/** The template a failure happened in, as the module records it (render.ts Phase). */
function phaseName(phase: number, index: number): string | undefined {
  switch (phase) {
    case 1:
      return 'URL template';
    case 2:
      return `header template ${index}`;
    case 3:
      return 'body template';
    case 4:
      return 'response template';
    case 5:
      return 'error response template';
    default:
      return undefined;
  }
}

/** Strings up to this length are written with a loop while they are ASCII (no native call). */
const SHORT_STRING = 32;
/** Strings up to this length reserve 3 bytes per code unit; longer ones are measured. */
const MEASURE_FROM = 4096;

/** Room enough for s as UTF-8: 3 bytes per UTF-16 code unit at most. */
function utf8Room(s: string): number {
  return s.length <= MEASURE_FROM ? s.length * 3 : Buffer.byteLength(s, 'utf8');
}

/**
 * Writes s as UTF-8 (lone surrogates as U+FFFD, as TextEncoder) into bytes at offset, which
 * has utf8Room(s) bytes of room; returns the bytes written.
 */
function writeUtf8(bytes: Buffer, offset: number, s: string): number {
  const n = s.length;
  if (n <= SHORT_STRING) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      bytes[offset + i] = c;
    }
    if (i === n) return n;
  }
  return bytes.write(s, offset, utf8Room(s), 'utf8');
}

export class ServerModuleInstance {
  private readonly exports: ServerExports;
  private readonly memory: WasmMemory;
  /**
   * The memory's bytes. A growth detaches the old buffer (its views become empty), so the view
   * is made again only then, not at every access.
   */
  private bytes: Buffer;
  /** Where the last call step's answer is, in `answerBytes`: valid until the next call into the module. */
  answerBytes: Buffer;
  answerStart = 0;
  answerEnd = 0;
  readonly maxMemoryBytes: number;
  env: HostEnvironment;
  broken = false;
  private readonly decoder = new TextDecoder();
  // Modules built before the `collect` argument ignore it and collect at every step.
  private readonly garbage: GarbagePolicy;

  constructor(module: object, maxMemoryBytes: number, env: HostEnvironment = defaultEnvironment) {
    this.maxMemoryBytes = maxMemoryBytes;
    this.garbage = new GarbagePolicy(maxMemoryBytes);
    this.env = env;
    this.memory = createCappedMemory(maxMemoryBytes);
    const host = hostImports(this.memory, () => this.env);
    for (const imported of WebAssemblyApi.Module.imports(module)) {
      if (imported.module === 'host' && !(imported.name in host))
        throw new RuntimeFailure(
          'input',
          `the module imports host.${imported.name}, which this gateway does not provide`,
        );
    }
    const instance = new WebAssemblyApi.Instance(module, { env: { memory: this.memory }, host });
    for (const name of REQUIRED_EXPORTS) {
      if (typeof instance.exports[name] !== 'function')
        throw new RuntimeFailure(
          'input',
          `the module does not export ${name}: it is not a server runtime`,
        );
    }
    this.exports = instance.exports as unknown as ServerExports;
    this.bytes = Buffer.from(this.memory.buffer);
    this.answerBytes = this.bytes;
  }

  private memoryBytes(): Buffer {
    if (this.bytes.byteLength === 0) this.bytes = Buffer.from(this.memory.buffer);
    return this.bytes;
  }

  private readUtf16(ptr: number, len: number): string {
    return readUtf16(this.memory, ptr, len);
  }

  private guard<T>(call: () => T): T {
    if (this.broken)
      throw new RuntimeFailure('internal', 'the instance was discarded after a failure');
    try {
      return call();
    } catch (e) {
      this.broken = true;
      throw this.describeFailure(e);
    }
  }

  private nearMemoryLimit(): boolean {
    return this.memory.buffer.byteLength + 2 * PAGE > this.maxMemoryBytes;
  }

  private memoryFailure(): RuntimeFailure {
    return new RuntimeFailure('limit', `memory limit of ${this.maxMemoryBytes} bytes exceeded`);
  }

  private describeFailure(e: unknown): RuntimeFailure {
    if (e instanceof RuntimeFailure) return e;
    if (e instanceof RangeError && /call stack/i.test(e.message))
      return new RuntimeFailure('limit', 'template nesting too deep: the runtime ran out of stack');
    let kind = 0;
    let where: string | undefined;
    try {
      kind = this.exports.lastErrorKind();
      where = phaseName(this.exports.callPhase(), this.exports.callPhaseIndex());
    } catch {
      kind = 0;
    }
    const prefix = where ? `${where}: ` : '';
    if (kind !== 0) {
      if (kind === 3 && this.nearMemoryLimit()) return this.memoryFailure();
      const message = this.readUtf16(
        this.exports.lastErrorMessagePointer(),
        this.exports.lastErrorMessageLength(),
      );
      return new RuntimeFailure(
        ERROR_KINDS[kind] ?? 'internal',
        prefix + message,
        this.exports.lastErrorLine(),
        this.exports.lastErrorColumn(),
      );
    }
    if (
      this.nearMemoryLimit() ||
      (e instanceof RangeError && /memory/i.test(e.message)) ||
      (e instanceof Error && /unreachable/.test(e.message))
    )
      return this.memoryFailure();
    const message = e instanceof Error ? e.message : String(e);
    return new RuntimeFailure('internal', `${prefix}the runtime trapped: ${message}`);
  }

  /** Copies parts into the module's input buffer, back to back. */
  private writeInput(parts: Uint8Array[]): void {
    let total = 0;
    for (const p of parts) total += p.length;
    const ptr = this.exports.serverInputBuffer(total);
    const view = new Uint8Array(this.memory.buffer, ptr, total);
    let offset = 0;
    for (const p of parts) {
      view.set(p, offset);
      offset += p.length;
    }
  }

  /** The output of the last operation: a view valid until the next call into the module. */
  private output(len: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.exports.serverOutputPointer(), len);
  }

  init(config: Uint8Array, secrets: Uint8Array): void {
    this.guard(() => {
      this.writeInput([config, secrets]);
      this.exports.serverInit(config.length, secrets.length);
    });
  }

  describe(): string {
    return this.guard(() => this.decoder.decode(this.output(this.exports.serverDescribe())));
  }

  /**
   * Runs one call step whose input is written: asks the garbage policy whether the module
   * collects first (`collect` 1 or 0 for the export), then records where the answer is.
   */
  private runStep(inputBytes: number, call: (collect: number) => number): void {
    const collect = this.garbage.collectBefore(this.memoryBytes().byteLength, inputBytes);
    const len = call(collect ? 1 : 0);
    if (collect) this.garbage.collected(this.memoryBytes().byteLength);
    this.answer(len);
  }

  /** Records where the answer of length len is (after an operation). */
  private answer(len: number): void {
    const start = this.exports.serverOutputPointer();
    this.answerBytes = this.memoryBytes();
    this.answerStart = start;
    this.answerEnd = start + len;
  }

  /**
   * Starts a call with the arguments' JSON text and the context, written as UTF-8 straight into
   * the module's input buffer. The answer (a plan or a result) is at answerBytes.
   */
  start(
    tool: number,
    args: string,
    context: string,
    maxSteps: number,
    maxOutputBytes: number,
  ): void {
    this.guard(() => {
      const ptr = this.exports.serverInputBuffer(utf8Room(args) + utf8Room(context));
      const bytes = this.memoryBytes();
      const argsLen = writeUtf8(bytes, ptr, args);
      const contextLen = writeUtf8(bytes, ptr + argsLen, context);
      this.runStep(argsLen + contextLen, (collect) =>
        this.exports.callStart(tool, argsLen, contextLen, maxSteps, maxOutputBytes, collect),
      );
    });
  }

  /**
   * Resumes a call with the upstream response: the headers ("name\0value\0" pairs, the text
   * responseHeadersText makes) and the body. The answer is at answerBytes.
   */
  resume(
    tool: number,
    state: number,
    status: number,
    headers: string,
    body: Uint8Array,
    maxSteps: number,
    maxOutputBytes: number,
  ): void {
    this.guard(() => {
      const ptr = this.exports.serverInputBuffer(utf8Room(headers) + body.length);
      const bytes = this.memoryBytes();
      const headersLen = writeUtf8(bytes, ptr, headers);
      bytes.set(body, ptr + headersLen);
      this.runStep(headersLen + body.length, (collect) =>
        this.exports.callResume(
          tool,
          state,
          status,
          headersLen,
          body.length,
          maxSteps,
          maxOutputBytes,
          collect,
        ),
      );
    });
  }

  stepsLeft(): number {
    return this.exports.callStepsLeft();
  }
}
