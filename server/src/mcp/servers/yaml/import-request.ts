import { ApiError, badRequest } from '../../../app/errors.ts';
import { SERVER_NAME_PATTERN } from '../model.ts';
import { ConfigSyntaxError, parseConfigText, type ParsedConfig } from './higress-import.ts';

/** The import body: raw YAML or JSON text, a configuration object, or `{content, name, format}`. */
export function importRequest(
  body: unknown,
  query: { name?: string | undefined; revision?: number | undefined },
) {
  let text: string | undefined;
  let value: unknown;
  let name = query.name;
  let revision = query.revision;
  let message: unknown;
  if (typeof body === 'string') text = body;
  else if (
    body &&
    typeof body === 'object' &&
    typeof (body as { content?: unknown }).content === 'string'
  ) {
    const wrapper = body as Record<string, unknown>;
    text = wrapper.content as string;
    if (typeof wrapper.name === 'string') name = wrapper.name;
    if (typeof wrapper.revision === 'number') revision = wrapper.revision;
    message = wrapper.message;
    const format = wrapper.format;
    if (format !== undefined && format !== 'yaml' && format !== 'json') {
      throw badRequest(`format must be yaml or json, not ${JSON.stringify(format)}`, [
        { in: 'body', path: '/format', message: 'must be yaml or json' },
      ]);
    }
    if (format === 'json') {
      try {
        JSON.parse(text);
      } catch (error) {
        throw badRequest(`content is not valid JSON: ${(error as Error).message}`, [
          { in: 'body', path: '/content', message: (error as Error).message },
        ]);
      }
    }
  } else if (body && typeof body === 'object') value = body;
  else
    throw badRequest('send a Higress configuration as YAML or JSON, or {content, name?, format?}');

  let parsed: ParsedConfig | undefined;
  if (text !== undefined) {
    try {
      parsed = parseConfigText(text);
      value = parsed.value;
    } catch (error) {
      if (!(error instanceof ConfigSyntaxError)) throw error;
      const detail = { in: 'document', path: '', message: error.message } as Record<
        string,
        unknown
      >;
      if (error.line !== undefined) detail.line = error.line;
      if (error.column !== undefined) detail.column = error.column;
      throw new ApiError(400, 'invalid_document', error.message, [detail as never]);
    }
  }
  if (name !== undefined) {
    if (!new RegExp(SERVER_NAME_PATTERN).test(name)) {
      throw badRequest(`name '${name}' is not a valid server name`, [
        { in: 'query', path: '/name', message: `must match ${SERVER_NAME_PATTERN}` },
      ]);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const config = value as Record<string, unknown>;
      const server = config.server && typeof config.server === 'object' ? config.server : {};
      value = { ...config, server: { ...(server as object), name } };
    }
  }
  return { value, revision, message, document: parsed };
}
