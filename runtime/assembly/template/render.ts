// The template library's entry: load compiled templates, render them against JSON.

import { ErrorKind, errorKind, inputError, resetErrors } from './errors';
import { ExecOptions, execute } from './exec';
import { Program, decodeProgram } from './program';
import { setRequestContext } from './functions/context';
import { fromJSONText } from './value';
import { valid } from '../gjson/index';

const programs = new Array<Program>();

/** Decodes a compiled template; returns its handle. */
export function loadTemplate(bytes: Uint8Array): i32 {
  resetErrors();
  const p = decodeProgram(bytes);
  programs.push(p);
  return programs.length - 1;
}

export function templateCount(): i32 {
  return programs.length;
}

/**
 * Renders template `handle` against the JSON text `data`; returns the output text. Data the host
 * produced itself (JSON.stringify) is trusted; other data is validated first.
 */
export function renderTemplate(
  handle: i32,
  data: string,
  options: ExecOptions,
  realIP: string,
  socketIP: string,
  trusted: bool = false,
): string {
  resetErrors();
  if (handle < 0 || handle >= programs.length)
    inputError('no template with handle ' + handle.toString());
  if (!trusted && !valid(data)) inputError('data is not valid JSON');
  setRequestContext(realIP, socketIP);
  return execute(programs[handle], fromJSONText(data), options);
}

export { ErrorKind, errorKind };
