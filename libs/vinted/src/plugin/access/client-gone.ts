import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/**
 * An AbortSignal that fires when the client goes away before the answer is sent, so a long-poll stops waiting
 * (and drops its listener) as soon as its connection closes.
 */
export const ClientGone = createParamDecorator((_data: unknown, context: ExecutionContext): AbortSignal => {
  const reply = context.switchToHttp().getResponse<{ raw: NodeJS.EventEmitter & { writableFinished: boolean } }>();
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort();
  };
  reply.raw.once('close', onClose);
  return controller.signal;
});
