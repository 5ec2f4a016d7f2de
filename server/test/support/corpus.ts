import fs from 'node:fs';
import path from 'node:path';

/**
 * Third-party configurations for compatibility tests, copied into the repository so that a fresh
 * clone tests on its own (see test/fixtures/corpus/README.md for where they come from).
 */
export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../test/fixtures/corpus');
export const HIGRESS_DIR = path.join(CORPUS_DIR, 'higress-mcp-servers');
export const OPENAPI_TO_MCP_DIR = path.join(CORPUS_DIR, 'openapi-to-mcpserver');

export function higressConfigurations(): Array<{ name: string; text: string }> {
  return fs
    .readdirSync(HIGRESS_DIR)
    .sort()
    .map((name) => ({
      name,
      text: fs.readFileSync(path.join(HIGRESS_DIR, name, 'mcp-server.yaml'), 'utf8'),
    }));
}

/** Each OpenAPI input with the configuration Higress's converter produced from it. */
export function openapiToMcpCases(): Array<{ name: string; input: string; expected: string }> {
  return fs
    .readdirSync(OPENAPI_TO_MCP_DIR)
    .filter((file) => file.startsWith('expected-') && file.endsWith('-mcp.yaml'))
    .sort()
    .map((file) => {
      const name = file.slice('expected-'.length, -'-mcp.yaml'.length);
      return {
        name,
        input: fs.readFileSync(path.join(OPENAPI_TO_MCP_DIR, `${name}.json`), 'utf8'),
        expected: fs.readFileSync(path.join(OPENAPI_TO_MCP_DIR, file), 'utf8'),
      };
    });
}
