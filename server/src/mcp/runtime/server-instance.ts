/**
 * A loaded server artifact: the host side of one published server version. The module plans
 * upstream requests and shapes results; this class performs nothing itself but hands each plan
 * to the caller's performer and resumes the module with the response.
 *
 * One Wasm instance serves every call of the server: the module keeps no state of a call
 * between its start and its resume (the host passes the tool and the state back), and each
 * entry into the module runs to completion synchronously, so calls waiting for their upstream
 * never block each other. A call that fails inside the module (trap, step budget, memory cap)
 * ends as an isError result naming the cause, and the instance is replaced at once; calls in
 * flight resume on the replacement. docs/runtime.md explains the protocol.
 */
import { createHash } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ServedTool } from '../protocol/tool-catalog.ts';
import { CONFIG_SECTION, splitCustomSection } from '../compiler/wasm-sections.ts';
import {
  decodeAnswer,
  encodeSecrets,
  responseHeadersText,
  type ModuleAnswer,
  type UpstreamRequestPlan,
  type UpstreamResponse,
} from './call-codec.ts';
import { ServerModuleInstance } from './server-module-host.ts';
import { UpstreamError } from './upstream-error.ts';
import {
  defaultEnvironment,
  RuntimeFailure,
  WebAssemblyApi,
  type HostEnvironment,
} from './wasm-host.ts';

export type { UpstreamRequestPlan, UpstreamResponse } from './call-codec.ts';

export interface UpstreamPerformer {
  /** Throws UpstreamError {cause: 'timeout'|'connect'|'too-large'|'network'|'aborted', message}. */
  perform(plan: UpstreamRequestPlan, signal: AbortSignal): Promise<UpstreamResponse>;
}

export interface InstanceLimits {
  maxMemoryBytes: number;
  maxStepsPerCall: number;
  maxOutputBytes: number;
}

export const DEFAULT_INSTANCE_LIMITS: InstanceLimits = {
  maxMemoryBytes: 64 * 1024 * 1024,
  maxStepsPerCall: 10_000_000,
  maxOutputBytes: 8 * 1024 * 1024,
};

export interface ServerDescription {
  name: string;
  title?: string;
  description?: string;
  version?: number;
  tools: ServedTool[];
}

export interface CallContext {
  performer: UpstreamPerformer;
  clientHeaders?: Record<string, string>;
  signal: AbortSignal;
}

/** The artifact could not be loaded or did not describe itself. */
export class LoadFailure extends Error {}

/** Plans per call at most (a module answering plan after plan is stopped). */
const MAX_PLANS_PER_CALL = 8;

interface CallInfo {
  /** The client's credential header of the tool's security scheme: never forwarded. */
  clientSecurityHeader?: string;
  /** The same header when the tool passes the credential through to the module. */
  clientCredentialHeader?: string;
}

/** Compiled modules by the hash of their code: artifacts of one runtime build share one. */
const modules = new Map<string, Promise<object>>();

function compiledModule(artifact: Uint8Array, code: Uint8Array): Promise<object> {
  const key = createHash('sha256').update(code).digest('hex');
  let module = modules.get(key);
  if (!module) {
    module = WebAssemblyApi.compile(artifact);
    modules.set(key, module);
    module.catch(() => modules.delete(key));
  }
  return module;
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** The text of an upstream failure: the performer's UpstreamError names its cause. */
function upstreamFailure(error: unknown): CallToolResult {
  if (error instanceof UpstreamError)
    return errorResult(`upstream request failed (${error.cause}): ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return errorResult(`upstream request failed: ${message}`);
}

function failureResult(failure: RuntimeFailure): CallToolResult {
  const where = failure.line > 0 ? ` (line ${failure.line}, column ${failure.column})` : '';
  const what = failure.kind === 'limit' ? 'limit exceeded' : 'error';
  return errorResult(`tool execution ${what}: ${failure.message}${where}`);
}

/** The call context without a client address or credential. */
const EMPTY_CONTEXT = '\n\n';

/** The client's real address for getRealIP: the first X-Forwarded-For entry. */
function realIP(headers: Record<string, string> | undefined): string {
  const forwarded = headers?.['x-forwarded-for'];
  if (!forwarded) return '';
  return (forwarded.split(',')[0] ?? '').trim();
}

export class ServerInstance {
  readonly description: ServerDescription;
  /** Null once disposed and drained: the module's memory is released. */
  private instance: ServerModuleInstance | null;
  private readonly toolIndex: Map<string, number>;
  private readonly calls: CallInfo[];
  private readonly limits: InstanceLimits;
  private readonly module: object;
  private readonly config: Uint8Array;
  private readonly secrets: Uint8Array;
  private readonly env: HostEnvironment;
  private active = 0;
  private disposed = false;
  /** Instances replaced after a failure (for tests and metrics). */
  replacements = 0;

  private constructor(
    module: object,
    config: Uint8Array,
    secrets: Uint8Array,
    limits: InstanceLimits,
    env: HostEnvironment,
  ) {
    this.module = module;
    this.config = config;
    this.secrets = secrets;
    this.limits = limits;
    this.env = env;
    const first = this.newInstance();
    this.instance = first;
    const described = JSON.parse(first.describe()) as ServerDescription & {
      calls: CallInfo[];
    };
    this.calls = described.calls;
    const description: ServerDescription = { name: described.name, tools: described.tools };
    if (described.title !== undefined) description.title = described.title;
    if (described.description !== undefined) description.description = described.description;
    if (described.version !== undefined) description.version = described.version;
    this.description = description;
    this.toolIndex = new Map(description.tools.map((tool, index) => [tool.name, index]));
  }

  /** Compiles and instantiates an artifact; rejects with a LoadFailure naming the reason. */
  static async load(
    artifact: Uint8Array,
    options: {
      secrets: Record<string, string>;
      limits?: Partial<InstanceLimits>;
      host?: HostEnvironment;
    },
  ): Promise<ServerInstance> {
    const limits = { ...DEFAULT_INSTANCE_LIMITS, ...options.limits };
    let parts: { payload: Uint8Array; code: Uint8Array };
    let module: object;
    try {
      parts = splitCustomSection(artifact, CONFIG_SECTION);
      module = await compiledModule(artifact, parts.code);
    } catch (error) {
      throw new LoadFailure(`the artifact cannot be loaded: ${(error as Error).message}`);
    }
    try {
      return new ServerInstance(
        module,
        parts.payload,
        encodeSecrets(options.secrets),
        limits,
        options.host ?? defaultEnvironment,
      );
    } catch (error) {
      throw new LoadFailure(`the server module failed to load: ${(error as Error).message}`);
    }
  }

  private newInstance(): ServerModuleInstance {
    const instance = new ServerModuleInstance(this.module, this.limits.maxMemoryBytes, this.env);
    instance.init(this.config, this.secrets);
    return instance;
  }

  /** The live instance, replaced first if the last operation broke it. */
  private live(): ServerModuleInstance {
    if (!this.instance)
      throw new RuntimeFailure('internal', `server '${this.description.name}' was unloaded`);
    if (this.instance.broken) {
      this.instance = this.newInstance();
      this.replacements++;
    }
    return this.instance;
  }

  get inFlight(): number {
    return this.active;
  }

  /** The answer of the operation that just ran, read in place (before the next operation). */
  private static answer(instance: ServerModuleInstance, body?: Uint8Array): ModuleAnswer {
    return decodeAnswer(instance.answerBytes, body, instance.answerStart, instance.answerEnd);
  }

  private start(index: number, args: Record<string, unknown>, context: string): ModuleAnswer {
    const instance = this.live();
    instance.start(
      index,
      JSON.stringify(args ?? {}),
      context,
      this.limits.maxStepsPerCall,
      this.limits.maxOutputBytes,
    );
    return ServerInstance.answer(instance);
  }

  private resume(
    index: number,
    state: number,
    response: UpstreamResponse,
    steps: number,
  ): ModuleAnswer {
    const instance = this.live();
    instance.resume(
      index,
      state,
      response.status,
      responseHeadersText(response.headers),
      response.body,
      steps,
      this.limits.maxOutputBytes,
    );
    return ServerInstance.answer(instance, response.body);
  }

  /**
   * Runs one module operation; a failure inside the module becomes the call's result. Anything
   * else that goes wrong (an answer the host cannot decode) is the call's error too: a call
   * never throws for a tool-level problem.
   */
  private step(run: () => ModuleAnswer): ModuleAnswer {
    try {
      return run();
    } catch (error) {
      // The failing call pays for the replacement, not the next one.
      if (this.instance?.broken) this.live();
      if (error instanceof RuntimeFailure) return { kind: 'result', result: failureResult(error) };
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'result', result: errorResult(`tool execution error: ${message}`) };
    }
  }

  private stepsLeft(): number {
    return !this.instance || this.instance.broken ? 0 : this.instance.stepsLeft();
  }

  /** The module's headers over the client's pass-through headers (case-insensitive). */
  private upstreamPlan(
    plan: UpstreamRequestPlan,
    clientHeaders: Record<string, string> | undefined,
    call: CallInfo,
  ): UpstreamRequestPlan {
    if (!clientHeaders) return plan;
    let own: Set<string> | undefined;
    let headers: Array<[string, string]> | undefined;
    for (const name in clientHeaders) {
      const lower = name.toLowerCase();
      // The client's credential is extracted (and, for passthrough, moved into the upstream
      // scheme), never forwarded as sent (Higress).
      if (lower === call.clientSecurityHeader) continue;
      own ??= new Set(plan.headers.map(([planned]) => planned.toLowerCase()));
      if (own.has(lower)) continue;
      (headers ??= []).push([name, clientHeaders[name]!]);
    }
    // Most calls pass no client header: the module's plan goes out as it is.
    if (headers === undefined) return plan;
    return { ...plan, headers: [...headers, ...plan.headers] };
  }

  async callTool(
    name: string,
    args: Record<string, unknown>,
    ctx: CallContext,
  ): Promise<CallToolResult> {
    const index = this.toolIndex.get(name);
    if (index === undefined) return errorResult(`unknown tool '${name}'`);
    if (this.disposed) return errorResult(`server '${this.description.name}' was unloaded`);
    const call = this.calls[index] ?? {};
    const credential = call.clientCredentialHeader
      ? (ctx.clientHeaders?.[call.clientCredentialHeader] ?? '')
      : '';
    this.active++;
    try {
      let answer = this.step(() =>
        this.start(index, args, `${realIP(ctx.clientHeaders)}\n\n${credential}`),
      );
      for (let plans = 0; answer.kind === 'plan'; plans++) {
        if (plans >= MAX_PLANS_PER_CALL)
          return errorResult(`the tool planned more than ${MAX_PLANS_PER_CALL} upstream requests`);
        const { plan, state } = answer;
        const steps = this.stepsLeft();
        if (ctx.signal.aborted) return errorResult('the call was cancelled');
        let response: UpstreamResponse;
        try {
          response = await ctx.performer.perform(
            this.upstreamPlan(plan, ctx.clientHeaders, call),
            ctx.signal,
          );
        } catch (error) {
          return upstreamFailure(error);
        }
        answer = this.step(() => this.resume(index, state, response, steps));
      }
      return answer.result;
    } finally {
      this.active--;
      if (this.disposed && this.active === 0) this.instance = null;
    }
  }

  /**
   * The rendered upstream request and the result for a sample response (an empty 200 when none
   * is given), through the same module code as callTool. Tools without a URL give no request.
   */
  async preview(
    name: string,
    args: Record<string, unknown>,
    sample?: UpstreamResponse,
  ): Promise<{ request?: UpstreamRequestPlan; result: CallToolResult }> {
    const index = this.toolIndex.get(name);
    if (index === undefined) return { result: errorResult(`unknown tool '${name}'`) };
    const answer = this.step(() => this.start(index, args, EMPTY_CONTEXT));
    if (answer.kind === 'result') return { result: answer.result };
    const steps = this.stepsLeft();
    const response = sample ?? { status: 200, headers: {}, body: new Uint8Array(0) };
    const resumed = this.step(() => this.resume(index, answer.state, response, steps));
    if (resumed.kind === 'plan')
      return {
        request: answer.plan,
        result: errorResult('the tool planned a second upstream request'),
      };
    return { request: answer.plan, result: resumed.result };
  }

  /** No new calls; the Wasm instance is released once the calls in flight have finished. */
  dispose(): void {
    this.disposed = true;
    if (this.active === 0) this.instance = null;
  }
}
