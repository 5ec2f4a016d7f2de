// Template rendering inside a call: one step budget and one output limit for every template the
// call renders, and a record of which template is running so a failure can name it.

import { ExecOptions, execute } from '../template/exec';
import { resetErrors } from '../template/errors';
import { stepsLeftInBudget } from '../template/budget';
import { fromJSONText, Value } from '../template/value';
import { TemplateField } from './config';
import { TemplateData } from './arguments';

export const enum Phase {
  None = 0,
  Url = 1,
  Header = 2,
  Body = 3,
  Response = 4,
  ErrorResponse = 5,
}

/** Which template runs (read by the host after a trap). */
export let currentPhase: Phase = Phase.None;
export let currentPhaseIndex: i32 = 0;

let stepsLeft: i64 = 0;
let outputLimit: i64 = 0;
let lastData: string = '';
const NULL_DATA: Value = fromJSONText('null');
let lastValue: Value = NULL_DATA;

export function startBudget(steps: i64, maxOutputBytes: i64): void {
  stepsLeft = steps;
  outputLimit = maxOutputBytes;
  currentPhase = Phase.None;
  currentPhaseIndex = 0;
}

export function stepsRemaining(): i64 {
  return stepsLeft;
}

export function renderField(t: TemplateField, data: string, phase: Phase, index: i32): string {
  const program = t.program;
  if (program === null) return t.literal;
  currentPhase = phase;
  currentPhaseIndex = index;
  resetErrors();
  // The same data string serves every template of a phase: it is wrapped once.
  if (changetype<usize>(data) != changetype<usize>(lastData)) {
    lastData = data;
    lastValue = fromJSONText(data);
  }
  const options = new ExecOptions();
  options.maxSteps = stepsLeft;
  options.maxOutputBytes = outputLimit;
  const out = execute(program, lastValue, options);
  stepsLeft = stepsLeftInBudget();
  currentPhase = Phase.None;
  return out;
}

/** renderField over the request data, which is built only if the field is a template. */
export function renderData(t: TemplateField, data: TemplateData, phase: Phase, index: i32): string {
  if (t.program === null) return t.literal;
  return renderField(t, data.get(), phase, index);
}

/** Drops the cached data at the end of an operation, so a large body is not kept alive. */
export function releaseData(): void {
  lastData = '';
  lastValue = NULL_DATA;
}
