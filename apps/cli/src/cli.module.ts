import { Module } from '@nestjs/common';
import { CoreModule } from '@stoflow/core';
import { DbCommand, DbMigrateCommand } from './db/db.command';

/** The admin CLI: `npm run cli -- <command> --help`. */
@Module({
  imports: [CoreModule.forRoot({ app: 'cli' })],
  providers: [DbCommand, DbMigrateCommand],
})
export class CliModule {}
