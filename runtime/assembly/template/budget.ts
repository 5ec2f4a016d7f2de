// The step budget and the output limit of the render in progress.

import { limitError } from './errors';

let stepsLeft: i64 = 0;
let maxSteps: i64 = 0;
/** The output limit, for functions that build large strings before they reach the output. */
let outputLimit: i64 = -1;

export function resetBudget(steps: i64, outputBytes: i64): void {
  stepsLeft = steps;
  maxSteps = steps;
  outputLimit = outputBytes;
}

/** Charges n steps of the budget; running out ends the render with a limit error. */
export function charge(n: i64): void {
  stepsLeft -= n;
  if (stepsLeft < 0) limitError('step budget of ' + maxSteps.toString() + ' steps exhausted');
}

/** Fails when a string being built exceeds the output limit (charges nothing: call it often). */
export function checkLength(units: i64): void {
  if (outputLimit >= 0 && units > outputLimit)
    limitError(
      'a computed string exceeds the output limit of ' + outputLimit.toString() + ' bytes',
    );
}

/** Fails when a string a function builds would alone exceed the output limit. */
export function checkSize(units: i64): void {
  charge(units >> 6);
  if (outputLimit >= 0 && units > outputLimit)
    limitError(
      'a computed string exceeds the output limit of ' + outputLimit.toString() + ' bytes',
    );
}

/** Steps left after the render in progress or the last one (callers spanning several renders). */
export function stepsLeftInBudget(): i64 {
  return stepsLeft;
}
