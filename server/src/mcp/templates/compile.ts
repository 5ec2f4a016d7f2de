/** Template source → compiled bytes, or the diagnostics that prevent it. */
import { encodeProgram } from './compiled-form.ts';
import type { TemplateDiagnostic } from './diagnostics.ts';
import { parseTemplate } from './parser.ts';

export type CompileResult =
  { ok: true; bytes: Uint8Array } | { ok: false; diagnostics: TemplateDiagnostic[] };

export function compileTemplate(source: string): CompileResult {
  const { program, diagnostics } = parseTemplate(source);
  if (!program) return { ok: false, diagnostics };
  return { ok: true, bytes: encodeProgram(program) };
}
