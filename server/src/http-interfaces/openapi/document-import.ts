import { ApiError, type ErrorDetail } from '../../app/errors.ts';
import type { ChangeMeta, HttpInterfaceService } from '../interface-service.ts';
import type { Upstream } from '../interface-model.ts';
import { DocumentRejected, readDocument } from './document-reading.ts';
import type { DocumentProblem } from './document-validator.ts';
import { planImport, type ReportEntry } from './import-plan.ts';

export interface ImportOptions {
  /** Report what would happen; store nothing. */
  dryRun?: boolean | undefined;
  /** Import the operations that map even when others cannot (they are listed as errors). */
  skipInvalid?: boolean | undefined;
  /** Replaces the upstream the document's servers give, for every operation. */
  upstream?: Upstream | undefined;
  /** Added to the tags of every imported interface. */
  tags?: string[] | undefined;
  meta?: ChangeMeta | undefined;
}

export interface ImportReport {
  dryRun: boolean;
  document: { version: string; title?: string; operations: number };
  created: ReportEntry[];
  updated: ReportEntry[];
  skipped: ReportEntry[];
  counts: { created: number; updated: number; skipped: number; warnings: number; errors: number };
  warnings: DocumentProblem[];
  errors: DocumentProblem[];
}

type InterfaceStore = Pick<HttpInterfaceService, 'findAllDefinitions' | 'applyBatch'>;

function detail(problem: DocumentProblem): ErrorDetail {
  return { ...problem, in: 'document', path: problem.pointer };
}

/** A document rejected as a whole: 422 with each problem and its pointer (and line, column). */
export function rejectionError(rejected: DocumentRejected): ApiError {
  return new ApiError(422, rejected.code, rejected.message, rejected.problems.map(detail));
}

/**
 * Imports an OpenAPI / Swagger document into the interface store: reads and maps it, matches
 * each operation with a stored interface (operationId, else method and path), then creates,
 * updates or skips. All changes go through one batch: all are stored or none is. Operations
 * that cannot be mapped abort the import (422 with the report) unless `skipInvalid`.
 */
export async function importDocument(
  store: InterfaceStore,
  document: unknown,
  options: ImportOptions = {},
): Promise<ImportReport> {
  let read;
  try {
    read = await readDocument(document, { upstream: options.upstream, tags: options.tags });
  } catch (error) {
    if (error instanceof DocumentRejected) throw rejectionError(error);
    throw error;
  }
  const existing = await store.findAllDefinitions();
  const plan = planImport(read.operations, existing);
  const report: ImportReport = {
    dryRun: options.dryRun === true,
    document: {
      version: read.declaredVersion,
      ...(read.title !== undefined ? { title: read.title } : {}),
      operations: read.operations.length + read.errors.length,
    },
    created: plan.created,
    updated: plan.updated,
    skipped: plan.skipped,
    counts: {
      created: plan.created.length,
      updated: plan.updated.length,
      skipped: plan.skipped.length,
      warnings: read.warnings.length,
      errors: read.errors.length,
    },
    warnings: read.warnings,
    errors: read.errors,
  };
  if (read.errors.length > 0 && options.skipInvalid !== true) {
    throw new ApiError(
      422,
      'import_failed',
      `${read.errors.length} operation${read.errors.length === 1 ? '' : 's'} cannot be imported (first: ${read.errors[0]?.message} at ${read.errors[0]?.pointer}); nothing was stored. Fix the document or import with skipInvalid=true`,
      read.errors.map(detail),
      { report },
    );
  }
  if (report.dryRun || plan.changes.length === 0) return report;

  const stored = await store.applyBatch(plan.changes, options.meta ?? {});
  let created = 0;
  plan.changes.forEach((change, index) => {
    if (change.kind !== 'create') return;
    const entry = plan.created[created++];
    const result = stored[index];
    if (entry && result) entry.id = result.id;
  });
  return report;
}
