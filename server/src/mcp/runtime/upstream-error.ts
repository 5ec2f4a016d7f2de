/** Why an upstream request produced no response the module can read. */
export type UpstreamFailureCause = 'timeout' | 'connect' | 'too-large' | 'network' | 'aborted';

/**
 * What an UpstreamPerformer throws when it has no response to hand back: the cause is a
 * closed set so that the runtime can name it in the tool result without parsing messages.
 */
export class UpstreamError extends Error {
  override readonly cause: UpstreamFailureCause;
  constructor(cause: UpstreamFailureCause, message: string) {
    super(message);
    this.name = 'UpstreamError';
    this.cause = cause;
  }
}
