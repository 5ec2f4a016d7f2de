// The runtime module's exports. The host (server/src/mcp/runtime/wasm-host.ts) writes inputs into
// the input buffer, calls an operation, and reads the result buffer. An operation that fails traps
// after recording its error (kind, message, line, column); the host reads the record and discards
// the instance. Later issues add the per-server configuration and the tool-call protocol here.
//
// Memory: the module uses AssemblyScript's minimal runtime (no collection while code runs, which
// keeps allocation cheap); operations collect the garbage of the previous ones at their start,
// when nothing but globals holds references. A single operation's allocations count against the
// instance's memory cap. Tool-call steps collect when the host asks (`collect` = 1): a full
// collection walks everything the loaded server holds, and doing it twice per call was most of
// the module's time on a proxied call, so the host spaces collections out while the heap is small
// (server/src/mcp/runtime/server-module-host.ts, GarbagePolicy).

import { ExecOptions } from './template/exec';
import { errorColumn, errorKind, errorLine, errorMessage } from './template/errors';
import { loadTemplate, renderTemplate } from './template/render';

let input = new ArrayBuffer(0);
let result = new ArrayBuffer(0);
let resultText: string | null = null;

/** A buffer of at least size bytes for the next operation's input; returns its address. */
export function inputBuffer(size: i32): usize {
  if (input.byteLength < size) input = new ArrayBuffer(size);
  return changetype<usize>(input);
}

/** Text given as UTF-16 code units (what JavaScript strings hold: a copy, no decoding). */
function inputText16(start: i32, units: i32): string {
  return String.UTF16.decodeUnsafe(changetype<usize>(input) + <usize>start, (<usize>units) << 1);
}

/** Loads a compiled template from the first len bytes of the input; returns its handle. */
export function templateLoad(len: i32): i32 {
  __collect();
  const bytes = new Uint8Array(len);
  memory.copy(bytes.dataStart, changetype<usize>(input), <usize>len);
  return loadTemplate(bytes);
}

/**
 * Renders a loaded template. The input holds, as UTF-16 code units, the data JSON (dataLen units)
 * followed by the request context (contextLen units: the client's real IP and socket IP, separated
 * by "\n"). `trusted` (1) skips validating data the host serialized itself. Returns the output's
 * length in UTF-16 code units; the output is at resultPointer().
 */
export function templateRender(
  handle: i32,
  dataLen: i32,
  contextLen: i32,
  maxSteps: f64,
  maxOutputBytes: f64,
  trusted: i32,
): i32 {
  resultText = null;
  __collect();
  const data = inputText16(0, dataLen);
  const context = inputText16(dataLen << 1, contextLen);
  const nl = context.indexOf('\n');
  const realIP = nl >= 0 ? context.substring(0, nl) : context;
  const socketIP = nl >= 0 ? context.substring(nl + 1) : '';
  const options = new ExecOptions();
  options.maxSteps = <i64>maxSteps;
  options.maxOutputBytes = <i64>maxOutputBytes;
  const out = renderTemplate(handle, data, options, realIP, socketIP, trusted != 0);
  resultText = out;
  return out.length;
}

/** The last result: the bytes of templateLoad-style operations, or the text of a render. */
export function resultPointer(): usize {
  return resultText !== null ? changetype<usize>(resultText) : changetype<usize>(result);
}

/** The error record of the last failed operation (valid after a trap; allocates nothing). */
export function lastErrorKind(): i32 {
  return <i32>errorKind;
}
export function lastErrorLine(): i32 {
  return errorLine;
}
export function lastErrorColumn(): i32 {
  return errorColumn;
}
/** Address and length (UTF-16 code units) of the error message. */
export function lastErrorMessagePointer(): usize {
  return changetype<usize>(errorMessage);
}
export function lastErrorMessageLength(): i32 {
  return errorMessage.length;
}

// ---- MCP server runtime: compiled server configurations and tool calls ----
// (runtime/assembly/server/entry.ts; the host is server/src/mcp/runtime/server-instance.ts;
// docs/runtime.md describes the protocol.)
import * as server from './server/entry';

export {
  serverInputBuffer,
  serverOutputPointer,
  callStepsLeft,
  callPhase,
  callPhaseIndex,
} from './server/entry';

export function serverInit(configLen: i32, secretsLen: i32): void {
  __collect();
  server.serverInit(configLen, secretsLen);
}

export function serverDescribe(): i32 {
  __collect();
  return server.serverDescribe();
}

export function callStart(
  tool: i32,
  argsLen: i32,
  contextLen: i32,
  maxSteps: f64,
  maxOutputBytes: f64,
  collect: i32,
): i32 {
  if (collect != 0) __collect();
  return server.callStart(tool, argsLen, contextLen, maxSteps, maxOutputBytes);
}

export function callResume(
  tool: i32,
  state: i32,
  status: i32,
  headersLen: i32,
  bodyLen: i32,
  maxSteps: f64,
  maxOutputBytes: f64,
  collect: i32,
): i32 {
  if (collect != 0) __collect();
  return server.callResume(tool, state, status, headersLen, bodyLen, maxSteps, maxOutputBytes);
}
