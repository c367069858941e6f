import { Module } from '@nestjs/common';
import { CoreModule } from '@stoflow/core';

/** Bull processors, the outbox relay and the periodic sweepers. */
@Module({
  imports: [CoreModule.forRoot({ app: 'worker' })],
})
export class WorkerModule {}
