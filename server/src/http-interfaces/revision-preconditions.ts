import type { FastifyRequest } from 'fastify';
import { ApiError, badRequest } from '../app/errors.ts';
import type { ChangeMeta } from './interface-service.ts';

/** 428: a change must say which revision it is based on, or it could silently undo another. */
function revisionRequired(where: string): ApiError {
  return new ApiError(
    428,
    'revision_required',
    `send the revision you read: ${where}, or an If-Match: "<revision>" header`,
    [{ path: '/revision', message: 'the revision this change is based on is required' }],
  );
}

/** Parses `If-Match: "3"` (also `W/"3"` or `3`); undefined when absent. */
function ifMatchRevision(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(String(header));
  if (!match) {
    throw badRequest(
      `If-Match must be the revision you read as an entity tag, e.g. "3"; got ${header}`,
      [
        {
          in: 'headers',
          path: '/if-match',
          message: 'headers/if-match is not a revision entity tag',
        },
      ],
    );
  }
  return Number(match[1]);
}

/** The revision a change is based on, from any of the places a client may put it (they must agree). */
export function expectedRevision(
  request: FastifyRequest,
  sources: Array<[where: string, value: number | undefined]>,
  requiredHint: string,
): number {
  const given = [...sources, ['If-Match header', ifMatchRevision(request)] as const].filter(
    (s): s is [string, number] => s[1] !== undefined,
  );
  if (given.length === 0) throw revisionRequired(requiredHint);
  const [first] = given;
  const disagreeing = given.find((g) => g[1] !== first![1]);
  if (disagreeing) {
    throw badRequest(
      `the ${first![0]} says revision ${first![1]} but the ${disagreeing[0]} says ${disagreeing[1]}`,
    );
  }
  return first![1];
}

export function changeMeta(request: FastifyRequest, message: string | undefined): ChangeMeta {
  const author = request.headers['x-author'];
  return {
    author: typeof author === 'string' && author.trim() !== '' ? author.trim() : undefined,
    message,
  };
}
