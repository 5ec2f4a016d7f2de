// One budget for every recursion in the library (nested path components,
// pipes, queries, multipaths, and the modifiers that recurse over documents).
// Go's stacks grow without bound; in Wasm the AssemblyScript shadow stack of
// the incremental runtime is 32 KiB, so recursion stops at MAX_NESTING levels:
// a lookup that deep resolves to nothing, and @pretty/@flatten/@dig stop
// descending, instead of trapping.

export const MAX_NESTING: i32 = 150;

let level: i32 = 0;

/** Enters one level; false (and nothing entered) when the budget is spent. */
export function enterLevel(): bool {
  if (level >= MAX_NESTING) return false;
  level++;
  return true;
}

export function leaveLevel(): void {
  level--;
}

/** Called by the public entry points, which nothing in the library calls. */
export function resetLevels(): void {
  level = 0;
}
