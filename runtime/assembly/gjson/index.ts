// The gjson path engine: Go's github.com/tidwall/gjson for AssemblyScript.
// See docs/runtime-gjson.md for the supported syntax and the differences.

export { ResultType, Result, ObjectEntry, parse } from './result';
export { get, getMany } from './get';
export { valid } from './valid';
