import { SERVER_INFO_META_KEY } from '@modelcontextprotocol/server';
import { ajvFactory, validatorFor, type ArgumentValidator } from './argument-validation.ts';
import { scanParamHeaders, type ParamHeaderScan } from './param-headers.ts';
import { STATELESS_PROTOCOL_VERSIONS } from './protocol-versions.ts';
import type { ServedServer, ServedTool } from './tool-catalog.ts';

export interface PreparedTool {
  tool: ServedTool;
  validate: ArgumentValidator;
  /** 2026-07-28 `x-mcp-header` declarations of the tool's arguments. */
  paramHeaders: ParamHeaderScan;
}

/**
 * Everything about one served server version that does not depend on the request, built
 * once and kept while the version object lives: pre-serialized results, tool lookup,
 * compiled argument validators.
 */
export interface ServedServerMaterial {
  served: ServedServer;
  tools: ReadonlyMap<string, PreparedTool>;
  /** JSON of the `_meta` every 2026-07-28 result carries: `{"io.modelcontextprotocol/serverInfo":…}`. */
  resultMetaJson: string;
  /** Session-era initialize result for a negotiated version. */
  initializeResult(protocolVersion: string): string;
  sessionResults: {
    toolsList: string;
    empty: string;
    resourcesList: string;
    resourceTemplatesList: string;
    promptsList: string;
  };
  statelessResults: {
    discover: string;
    toolsList: string;
    resourcesList: string;
    resourceTemplatesList: string;
    promptsList: string;
  };
}

// Resources and prompts are declared because the endpoint answers their lists (empty): some
// clients ask for them whatever the capabilities say.
const SESSION_CAPABILITIES = {
  tools: { listChanged: true },
  resources: {},
  prompts: {},
  logging: {},
};
const STATELESS_CAPABILITIES = { tools: { listChanged: true }, resources: {}, prompts: {} };

function toolJson(tool: ServedTool): Record<string, unknown> {
  const out: Record<string, unknown> = { name: tool.name };
  if (tool.title !== undefined) out.title = tool.title;
  if (tool.description !== undefined) out.description = tool.description;
  out.inputSchema = tool.inputSchema;
  if (tool.outputSchema !== undefined) out.outputSchema = tool.outputSchema;
  if (tool.annotations !== undefined) out.annotations = tool.annotations;
  return out;
}

function build(served: ServedServer): ServedServerMaterial {
  const ajv = ajvFactory();
  const tools = new Map<string, PreparedTool>();
  for (const tool of served.tools) {
    tools.set(tool.name, {
      tool,
      validate: validatorFor(tool.name, tool.inputSchema, ajv),
      paramHeaders: scanParamHeaders(tool.inputSchema),
    });
  }
  const serverInfo: Record<string, unknown> = { name: served.name, version: served.version };
  if (served.title !== undefined) serverInfo.title = served.title;
  const toolList = served.tools.map(toolJson);
  const resultMeta = { [SERVER_INFO_META_KEY]: serverInfo };
  const resultMetaJson = JSON.stringify(resultMeta);
  // 2026-07-28 lists are cacheable results: ttlMs and cacheScope are required. A publish can
  // change the tool list at any moment, so clients are told not to reuse it.
  const cacheable = { resultType: 'complete', ttlMs: 0, cacheScope: 'private', _meta: resultMeta };
  const initializeResults = new Map<string, string>();

  return {
    served,
    tools,
    resultMetaJson,
    initializeResult(protocolVersion) {
      let json = initializeResults.get(protocolVersion);
      if (json === undefined) {
        const result: Record<string, unknown> = {
          protocolVersion,
          capabilities: SESSION_CAPABILITIES,
          serverInfo,
        };
        if (served.description !== undefined) result.instructions = served.description;
        json = JSON.stringify(result);
        initializeResults.set(protocolVersion, json);
      }
      return json;
    },
    sessionResults: {
      toolsList: JSON.stringify({ tools: toolList }),
      empty: '{}',
      resourcesList: '{"resources":[]}',
      resourceTemplatesList: '{"resourceTemplates":[]}',
      promptsList: '{"prompts":[]}',
    },
    statelessResults: {
      discover: JSON.stringify({
        supportedVersions: STATELESS_PROTOCOL_VERSIONS,
        capabilities: STATELESS_CAPABILITIES,
        ...(served.description !== undefined && { instructions: served.description }),
        ...cacheable,
      }),
      toolsList: JSON.stringify({ tools: toolList, ...cacheable }),
      resourcesList: JSON.stringify({ resources: [], ...cacheable }),
      resourceTemplatesList: JSON.stringify({ resourceTemplates: [], ...cacheable }),
      promptsList: JSON.stringify({ prompts: [], ...cacheable }),
    },
  };
}

const materials = new WeakMap<ServedServer, ServedServerMaterial>();

/** The material of a served server version, built on first use. */
export function materialFor(served: ServedServer): ServedServerMaterial {
  let material = materials.get(served);
  if (material === undefined) {
    material = build(served);
    materials.set(served, material);
  }
  return material;
}
