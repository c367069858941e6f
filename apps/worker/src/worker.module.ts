import { Module } from '@nestjs/common';
import { AuthModule } from '@stoflow/auth';
import { CoreModule } from '@stoflow/core';

/** Bull processors, the outbox relay and the periodic sweepers. */
@Module({
  imports: [CoreModule.forRoot({ app: 'worker' }), AuthModule],
})
export class WorkerModule {}
