import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** One problem in a request, with where it is: a JSON pointer into the part of the request. */
export interface ErrorDetail {
  message: string;
  /** JSON pointer (RFC 6901) of the offending value, "" for the whole value. */
  path?: string;
  /** Which part of the request the path is in: body, query, params, headers, or a document. */
  in?: string;
  line?: number;
  column?: number;
  [key: string]: unknown;
}

/** An error the admin API reports to its caller as `{"error":{code,message,details}}`. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: ErrorDetail[] | undefined;
  /** Extra top-level fields for the error body, e.g. the current state on a 409. */
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    details?: ErrorDetail[],
    extra?: Record<string, unknown>,
  ) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
    this.extra = extra;
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new ApiError(400, 'bad_request', message, details);
export const validationFailed = (message: string, details: ErrorDetail[]) =>
  new ApiError(400, 'validation_failed', message, details);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const conflict = (
  message: string,
  extra?: Record<string, unknown>,
  details?: ErrorDetail[],
) => new ApiError(409, 'conflict', message, details, extra);
export const unprocessable = (message: string, details?: ErrorDetail[]) =>
  new ApiError(422, 'unprocessable', message, details);

/** Turns an Ajv error from Fastify's schema validation into a detail with a full JSON pointer. */
function ajvDetail(
  error: {
    instancePath?: string;
    message?: string;
    keyword?: string;
    params?: Record<string, unknown>;
  },
  context: string | undefined,
): ErrorDetail {
  let pointer = error.instancePath ?? '';
  const params = error.params ?? {};
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    pointer += '/' + params.missingProperty.replace(/~/g, '~0').replace(/\//g, '~1');
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    pointer += '/' + params.additionalProperty.replace(/~/g, '~0').replace(/\//g, '~1');
  }
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message += `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  const location = context === 'querystring' ? 'query' : context;
  return { in: location, path: pointer, message: `${location ?? 'request'}${pointer} ${message}` };
}

export function sendError(reply: FastifyReply, error: ApiError) {
  return reply.status(error.statusCode).send({
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    },
    ...(error.extra ?? {}),
  });
}

/** Installs the admin API's error and not-found handlers: one error shape everywhere. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) return sendError(reply, error);
    if (error.validation) {
      const details = error.validation.map((e) => ajvDetail(e, error.validationContext));
      return sendError(
        reply,
        validationFailed(
          `request is invalid: ${details.map((d) => d.message).join('; ')}`,
          details,
        ),
      );
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, new ApiError(413, 'payload_too_large', error.message));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(
          reply,
          new ApiError(400, 'invalid_json', `request body is not valid JSON: ${error.message}`),
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, new ApiError(415, 'unsupported_media_type', error.message));
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return sendError(
        reply,
        new ApiError(400, 'invalid_json', `request body is not valid JSON: ${error.message}`),
      );
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) request.log.error({ err: error }, 'unhandled error');
    return sendError(
      reply,
      new ApiError(
        status,
        status === 500 ? 'internal' : 'bad_request',
        status === 500 ? 'internal error' : error.message,
      ),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, notFound(`no route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}
