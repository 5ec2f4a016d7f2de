// Errors end a render: the error is recorded here (kind, message, position) and the executor
// traps. The host reads the record through the exports of index.ts and discards the instance, so
// no state survives a failed render. (AssemblyScript has no exceptions; a trap unwinds cleanly.)

export const enum ErrorKind {
  None = 0,
  /** The template failed: a function error, a bad index, a type the operation cannot use. */
  Execute = 1,
  /** A limit was exceeded: steps, output size, template depth. */
  Limit = 2,
  /** The runtime aborted: out of memory or an internal assertion. */
  Abort = 3,
  /** The input (compiled template, data) is malformed. */
  Input = 4,
}

export let errorKind: ErrorKind = ErrorKind.None;
export let errorMessage: string = '';
export let errorLine: i32 = 0;
export let errorColumn: i32 = 0;

/** Where the executor is, for error messages. */
export let currentLine: i32 = 0;
export let currentColumn: i32 = 0;

export function at(line: i32, column: i32): void {
  currentLine = line;
  currentColumn = column;
}

export function resetErrors(): void {
  errorKind = ErrorKind.None;
  errorMessage = '';
  errorLine = 0;
  errorColumn = 0;
  currentLine = 0;
  currentColumn = 0;
}

function raise(kind: ErrorKind, message: string): void {
  errorKind = kind;
  errorMessage = message;
  errorLine = currentLine;
  errorColumn = currentColumn;
  unreachable();
}

/** Ends the render with an execution error at the current position. */
export function execError(message: string): void {
  raise(ErrorKind.Execute, message);
}

export function limitError(message: string): void {
  raise(ErrorKind.Limit, message);
}

export function inputError(message: string): void {
  raise(ErrorKind.Input, message);
}

/** Replaces AssemblyScript's abort (see runtime/build.ts): records without allocating, traps. */
export function abortHandler(
  message: string | null,
  fileName: string | null,
  line: u32,
  column: u32,
): void {
  errorKind = ErrorKind.Abort;
  // The message is a static string of the module: keeping a reference allocates nothing.
  errorMessage = message !== null ? message : 'abort';
  errorLine = 0;
  errorColumn = 0;
  unreachable();
}
