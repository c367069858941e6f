import { DynamicModule, Global, Module } from '@nestjs/common';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** Every app writes to the outbox; only the worker (`relay: true`) publishes from it. */
@Global()
@Module({})
export class OutboxModule {
  static forRoot(options: { relay: boolean }): DynamicModule {
    return {
      module: OutboxModule,
      providers: options.relay ? [Outbox, OutboxRelay] : [Outbox],
      exports: options.relay ? [Outbox, OutboxRelay] : [Outbox],
    };
  }
}
