import { SUBSCRIPTION_ID_META_KEY } from '@modelcontextprotocol/server';
import type { EndpointContext } from './endpoint-context.ts';
import { openEventStream, sendError, type McpExchange } from './http-exchange.ts';
import {
  ErrorCode,
  notificationMessage,
  type IncomingMessage,
  type RequestId,
} from './json-rpc.ts';

/**
 * 2026-07-28 `subscriptions/listen`: the stateless revision's way to receive notifications. The
 * response is an event stream that stays open; its first event acknowledges the notification
 * kinds the gateway honours (tool list changes only: it serves no resources or prompts), and
 * each later notification carries the listen request's id as its subscription id.
 */
export function openSubscription(
  ctx: EndpointContext,
  exchange: McpExchange,
  message: IncomingMessage & { id: RequestId },
  acceptsEventStream: boolean,
): void {
  if (!acceptsEventStream) {
    return sendError(
      exchange,
      406,
      ErrorCode.ServerError,
      'Not Acceptable: subscriptions/listen answers with text/event-stream',
      message.id,
    );
  }
  const filter = message.params?.notifications;
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    return sendError(
      exchange,
      400,
      ErrorCode.InvalidParams,
      'Invalid params: /params/notifications must be an object',
      message.id,
    );
  }
  const wantsTools = (filter as Record<string, unknown>).toolsListChanged === true;
  const meta = { [SUBSCRIPTION_ID_META_KEY]: message.id };
  const stream = openEventStream(exchange);
  stream.send(
    notificationMessage('notifications/subscriptions/acknowledged', {
      notifications: wantsTools ? { toolsListChanged: true } : {},
      _meta: meta,
    }),
  );
  ctx.hub.add(
    exchange.server,
    stream,
    wantsTools
      ? notificationMessage('notifications/tools/list_changed', { _meta: meta })
      : undefined,
  );
}
