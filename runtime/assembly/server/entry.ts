// The server runtime's exports (re-exported by assembly/index.ts). The host writes inputs into
// the server input buffer, calls an operation and reads the output at serverOutputPointer().
// The configuration is decoded once by serverInit; a call is callStart → plan or result, then
// callResume with the upstream response → result (or another plan). The module keeps nothing
// of a call between the two: the host passes the tool and the state back, so one instance
// serves any number of calls in flight. See docs/runtime.md.

import { setRequestContext } from '../template/functions/context';
import { inputError, resetErrors } from '../template/errors';
import { valid } from '../gjson/index';
import { ServerConfig, decodeServer } from './config';
import { TemplateData, processArguments, releaseArguments } from './arguments';
import { buildPlan, extractClientCredential } from './request-plan';
import {
  Phase,
  currentPhase,
  currentPhaseIndex,
  releaseData,
  renderData,
  startBudget,
  stepsRemaining,
} from './render';
import { Response, writeResponseResult, writeTextResult } from './tool-result';
import { Writer } from './wire';

let input = new ArrayBuffer(0);
const out = new Writer();
let server: ServerConfig | null = null;

/** A buffer of at least size bytes for the next operation's input; returns its address. */
export function serverInputBuffer(size: i32): usize {
  if (input.byteLength < size) input = new ArrayBuffer(size);
  return changetype<usize>(input);
}

export function serverOutputPointer(): usize {
  return out.buf.dataStart;
}

function inputBytes(start: i32, length: i32): Uint8Array {
  const bytes = new Uint8Array(length);
  memory.copy(bytes.dataStart, changetype<usize>(input) + <usize>start, <usize>length);
  return bytes;
}

function inputText(start: i32, length: i32): string {
  if (length <= 0) return '';
  return String.UTF8.decodeUnsafe(changetype<usize>(input) + <usize>start, <usize>length);
}

/** The first "\n" in input[start, end) (the host writes valid UTF-8), or -1. */
function inputNewline(start: i32, end: i32): i32 {
  const base = changetype<usize>(input);
  for (let i = start; i < end; i++) if (load<u8>(base + <usize>i) == 0x0a) return i;
  return -1;
}

/** Decodes the compiled configuration (configLen bytes) and the secrets that follow it. */
export function serverInit(configLen: i32, secretsLen: i32): void {
  resetErrors();
  server = decodeServer(inputBytes(0, configLen), inputBytes(configLen, secretsLen));
}

function loaded(): ServerConfig {
  if (server === null) inputError('the server configuration is not loaded');
  return server!;
}

/** The description (JSON: name, title, description, version, tools); returns its length. */
export function serverDescribe(): i32 {
  out.reset();
  out.text(loaded().describeJson);
  return out.len;
}

function toolAt(index: i32): i32 {
  const s = loaded();
  if (index < 0 || index >= s.tools.length) inputError('no tool with index ' + index.toString());
  return index;
}

/**
 * Starts a call of tool `tool`. The input holds the arguments as a JSON object (argsLen bytes)
 * and the context (contextLen bytes: the client's real IP, socket IP and the credential header
 * a passthrough tool reads, separated by "\n"). Returns the output length: a plan or a result.
 */
export function callStart(
  tool: i32,
  argsLen: i32,
  contextLen: i32,
  maxSteps: f64,
  maxOutputBytes: f64,
): i32 {
  const len = startCall(tool, argsLen, contextLen, maxSteps, maxOutputBytes);
  releaseData();
  releaseArguments();
  return len;
}

function startCall(
  tool: i32,
  argsLen: i32,
  contextLen: i32,
  maxSteps: f64,
  maxOutputBytes: f64,
): i32 {
  resetErrors();
  const s = loaded();
  const t = s.tools[toolAt(tool)];
  startBudget(<i64>maxSteps, <i64>maxOutputBytes);
  // The context's three lines, read on the bytes: most calls have none of them.
  const end = argsLen + contextLen;
  const nl1 = inputNewline(argsLen, end);
  const nl2 = nl1 >= 0 ? inputNewline(nl1 + 1, end) : -1;
  const realIP = inputText(argsLen, (nl1 >= 0 ? nl1 : end) - argsLen);
  const socketIP = nl1 >= 0 ? inputText(nl1 + 1, (nl2 >= 0 ? nl2 : end) - nl1 - 1) : '';
  setRequestContext(realIP, socketIP);

  const values = processArguments(t, inputText(0, argsLen));
  const data = new TemplateData(s.configJson, t, values);
  out.reset();
  if (t.direct) {
    const response = t.response;
    if (response === null) {
      writeTextResult(
        out,
        true,
        "tool '" +
          t.name +
          "' has no requestTemplate.url and no responseTemplate.body to answer from",
        null,
      );
      return out.len;
    }
    const text = renderData(response!, data, Phase.Response, 0);
    writeTextResult(
      out,
      false,
      text,
      t.outputSchema && valid(text) && text.trim().length > 0 ? text : null,
    );
    return out.len;
  }
  const clientCredential = nl2 >= 0 ? inputText(nl2 + 1, end - nl2 - 1) : '';
  const passthrough =
    t.passthrough >= 0 ? extractClientCredential(s.schemes[t.passthrough], clientCredential) : '';
  const plan = buildPlan(s, t, values, data, passthrough);
  if (plan.error !== null) {
    writeTextResult(out, true, plan.error!, null);
    plan.reset();
    return out.len;
  }
  out.u8(1);
  out.uv(0);
  out.str(plan.method);
  out.str(plan.url);
  out.uv(plan.headerNames.length);
  for (let i = 0; i < plan.headerNames.length; i++) {
    out.str(plan.headerNames[i]);
    out.str(plan.headerValues[i]);
  }
  out.u8(plan.hasBody ? 1 : 0);
  if (plan.hasBody) out.str(plan.body);
  plan.reset();
  return out.len;
}

/**
 * Resumes a call with the upstream response: the input holds the headers (headersLen bytes of
 * lower-case "name\0value\0" pairs) and the body (bodyLen bytes). Returns the output length.
 */
export function callResume(
  tool: i32,
  state: i32,
  status: i32,
  headersLen: i32,
  bodyLen: i32,
  maxSteps: f64,
  maxOutputBytes: f64,
): i32 {
  const len = resumeCall(tool, state, status, headersLen, bodyLen, maxSteps, maxOutputBytes);
  releaseData();
  return len;
}

function resumeCall(
  tool: i32,
  state: i32,
  status: i32,
  headersLen: i32,
  bodyLen: i32,
  maxSteps: f64,
  maxOutputBytes: f64,
): i32 {
  resetErrors();
  const s = loaded();
  const t = s.tools[toolAt(tool)];
  if (state != 0) inputError('unknown call state ' + state.toString());
  startBudget(<i64>maxSteps, <i64>maxOutputBytes);
  const r = new Response();
  r.status = status;
  r.headersPtr = changetype<usize>(input);
  r.headersLen = headersLen;
  r.bodyPtr = changetype<usize>(input) + <usize>headersLen;
  r.bodyLen = bodyLen;
  out.reset();
  writeResponseResult(out, s, t, r);
  return out.len;
}

/** Steps left of the budget given to the last operation. */
export function callStepsLeft(): f64 {
  return <f64>stepsRemaining();
}

/** The template that ran when the last operation failed: 0 none, 1 URL, 2 header, 3 body, 4 response, 5 error response. */
export function callPhase(): i32 {
  return <i32>currentPhase;
}

export function callPhaseIndex(): i32 {
  return currentPhaseIndex;
}
