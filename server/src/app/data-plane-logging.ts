import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Request logging of the data plane's Fastify routes (health checks, unknown paths; the MCP
 * paths are served in front of Fastify and log the same way in mcp/protocol/http-routes.ts).
 * Load balancers probe health every few seconds, and two info lines per request would bury
 * the gateway's own lines: they are written at debug level instead. Each line still carries
 * the request id, and a request that ends in an error is still logged at error level. The
 * admin app keeps Fastify's info-level request logs.
 */
export class DataPlaneLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) {
      reply.log.error(
        { res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    } else {
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}
