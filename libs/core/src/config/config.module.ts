import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { AppConfig, loadConfig } from './app-config';

/**
 * Loads `.env` (when present) into the environment and provides the typed, validated AppConfig everywhere.
 * Validation runs when an app is created, so a wrong setting stops the process with one line naming it.
 */
@Global()
@Module({
  imports: [NestConfigModule.forRoot({ envFilePath: ['.env'], cache: true })],
  providers: [{ provide: AppConfig, useFactory: () => loadConfig(process.env) }],
  exports: [AppConfig],
})
export class ConfigModule {}
