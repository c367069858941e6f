import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from '@stoflow/auth';
import { AccessGuard, CoreModule } from '@stoflow/core';

/** The HTTP entry: REST for the dashboard, long-poll for the extension, OpenAPI at /docs. */
@Module({
  imports: [CoreModule.forRoot({ app: 'api' }), AuthModule],
  providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
})
export class ApiModule {}
