import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../src/http-interfaces/openapi/document-reading.ts';
import { validateDefinition } from '../../src/mcp/servers/definition-validation.ts';
import { interfacesToTools } from '../../src/mcp/servers/mapping/interface-to-tool.ts';
import { checkTemplates } from '../../src/mcp/servers/template-check.ts';

const require = createRequire(import.meta.url);

/** At scale: GitHub's REST description (1223 operations) maps to one valid server. */
describe('interface to tool mapping on the GitHub REST description', () => {
  it('gives one valid tool per operation, names unique, every path parameter an argument', async () => {
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    const document = await readDocument(fs.readFileSync(file, 'utf8'));
    expect(document.errors).toEqual([]);
    const mapped = interfacesToTools(
      document.operations.map((operation, index) => ({
        id: index + 1,
        definition: operation.definition,
      })),
    );
    expect(mapped.tools).toHaveLength(document.operations.length);
    expect(new Set(mapped.tools.map((t) => t.name)).size).toBe(mapped.tools.length);
    const problems = validateDefinition(
      { server: { name: 'github', securitySchemes: mapped.securitySchemes }, tools: mapped.tools },
      checkTemplates,
    );
    expect(problems).toEqual([]);
    // What could not be carried over is said, naming the interface.
    for (const warning of mapped.warnings) expect(warning).toMatch(/^interface \d+ \(/);
  }, 60_000);
});
