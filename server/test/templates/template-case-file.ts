// Loading and validating the template case table (server/test/templates/cases/*.yaml).
// The format is described in server/test/templates/README.md. A malformed file
// must fail loudly, naming the file, the case and the field.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type CaseSource = 'go' | 'hand' | 'differs';
export type RenderPhase = 'parse' | 'execute' | 'limit';

export interface CaseLimits {
  maxSteps?: number;
  maxOutputBytes?: number;
  maxMemoryBytes?: number;
}

export interface TemplateCase {
  file: string;
  name: string;
  template: string;
  /** The data as a JSON value (absent: `json` is used, or `{}` when neither is given). */
  data?: unknown;
  /** The data as raw JSON text, when exact number text matters. */
  json?: string;
  /** Fixed clock, epoch milliseconds (parsed from the ISO 8601 `now` field). */
  now?: number;
  output?: string;
  outputPattern?: RegExp;
  error?: string;
  phase?: RenderPhase;
  line?: number;
  column?: number;
  limits?: CaseLimits;
  source: CaseSource;
  note?: string;
}

const KNOWN_FIELDS = new Set([
  'name',
  'template',
  'data',
  'json',
  'now',
  'output',
  'outputPattern',
  'error',
  'phase',
  'line',
  'column',
  'limits',
  'source',
  'note',
]);
const SOURCES = new Set(['go', 'hand', 'differs']);
const PHASES = new Set(['parse', 'execute', 'limit']);
const LIMIT_FIELDS = new Set(['maxSteps', 'maxOutputBytes', 'maxMemoryBytes']);

export class CaseFormatError extends Error {}

function fail(where: string, message: string): never {
  throw new CaseFormatError(`${where}: ${message}`);
}

function positiveInteger(value: unknown, where: string, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    fail(where, `"${field}" must be a positive integer`);
  }
  return value;
}

/** Validates one parsed YAML file and returns its cases. */
export function validateCaseFile(file: string, parsed: unknown): TemplateCase[] {
  if (!Array.isArray(parsed)) fail(file, 'the file must hold a YAML list of cases');
  if (parsed.length === 0) fail(file, 'the file holds no cases');
  const names = new Set<string>();
  return parsed.map((entry: unknown, index) => {
    let where = `${file} case #${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      fail(where, 'a case must be a mapping');
    }
    const raw = entry as Record<string, unknown>;
    if (typeof raw.name !== 'string' || raw.name.trim() === '') {
      fail(where, '"name" must be a non-empty string');
    }
    where = `${file} case "${raw.name}"`;
    if (names.has(raw.name)) fail(where, 'duplicate case name in this file');
    names.add(raw.name);
    for (const key of Object.keys(raw)) {
      if (!KNOWN_FIELDS.has(key)) fail(where, `unknown field "${key}"`);
    }
    if (typeof raw.template !== 'string') fail(where, '"template" must be a string');
    if (typeof raw.source !== 'string' || !SOURCES.has(raw.source)) {
      fail(where, '"source" must be one of go, hand, differs');
    }
    if (raw.source === 'differs' && typeof raw.note !== 'string') {
      fail(where, 'a case with "source: differs" needs a "note" saying why');
    }
    if (raw.note !== undefined && typeof raw.note !== 'string')
      fail(where, '"note" must be a string');
    if ('data' in raw && 'json' in raw) fail(where, 'give either "data" or "json", not both');
    const testCase: TemplateCase = {
      file,
      name: raw.name,
      template: raw.template,
      source: raw.source as CaseSource,
    };
    if (typeof raw.note === 'string') testCase.note = raw.note;
    if ('data' in raw) testCase.data = raw.data;
    if ('json' in raw) {
      if (typeof raw.json !== 'string') fail(where, '"json" must be a string of JSON text');
      try {
        JSON.parse(raw.json);
      } catch (error) {
        fail(where, `"json" is not valid JSON: ${(error as Error).message}`);
      }
      testCase.json = raw.json;
    }
    if ('now' in raw) {
      const millis = typeof raw.now === 'string' ? Date.parse(raw.now) : Number.NaN;
      if (Number.isNaN(millis)) fail(where, '"now" must be an ISO 8601 date-time string');
      testCase.now = millis;
    }
    const expectations = ['output', 'outputPattern', 'error'].filter((key) => key in raw);
    if (expectations.length !== 1) {
      fail(where, 'give exactly one of "output", "outputPattern", "error"');
    }
    if ('output' in raw) {
      if (typeof raw.output !== 'string') fail(where, '"output" must be a string');
      testCase.output = raw.output;
    }
    if ('outputPattern' in raw) {
      if (typeof raw.outputPattern !== 'string') fail(where, '"outputPattern" must be a string');
      try {
        // Anchored: the pattern must match the whole output.
        testCase.outputPattern = new RegExp(`^(?:${raw.outputPattern})$`, 'u');
      } catch (error) {
        fail(
          where,
          `"outputPattern" is not a valid regular expression: ${(error as Error).message}`,
        );
      }
    }
    if ('error' in raw) {
      if (typeof raw.error !== 'string') fail(where, '"error" must be a string');
      testCase.error = raw.error;
    }
    for (const key of ['phase', 'line', 'column'] as const) {
      if (key in raw && !('error' in raw))
        fail(where, `"${key}" only applies to a case that expects an error`);
    }
    if ('phase' in raw) {
      if (typeof raw.phase !== 'string' || !PHASES.has(raw.phase)) {
        fail(where, '"phase" must be one of parse, execute, limit');
      }
      testCase.phase = raw.phase as RenderPhase;
    }
    if ('line' in raw) testCase.line = positiveInteger(raw.line, where, 'line');
    if ('column' in raw) {
      if (!('line' in raw)) fail(where, '"column" needs "line"');
      testCase.column = positiveInteger(raw.column, where, 'column');
    }
    if ('limits' in raw) {
      const limits = raw.limits;
      if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) {
        fail(where, '"limits" must be a mapping');
      }
      const checked: CaseLimits = {};
      for (const [key, value] of Object.entries(limits)) {
        if (!LIMIT_FIELDS.has(key)) fail(where, `unknown limit "${key}"`);
        checked[key as keyof CaseLimits] = positiveInteger(value, where, `limits.${key}`);
      }
      testCase.limits = checked;
    }
    return testCase;
  });
}

export const CASES_DIRECTORY = join(import.meta.dirname, 'cases');

/** Loads and validates every case file; throws CaseFormatError on the first problem. */
export function loadCaseFiles(directory = CASES_DIRECTORY): TemplateCase[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new CaseFormatError(`${directory}: no case files`);
  return files.flatMap((name) => {
    const text = readFileSync(join(directory, name), 'utf8');
    let parsed: unknown;
    try {
      parsed = parse(text, { prettyErrors: true, uniqueKeys: true });
    } catch (error) {
      throw new CaseFormatError(`${name}: not valid YAML: ${(error as Error).message}`);
    }
    return validateCaseFile(name, parsed);
  });
}
