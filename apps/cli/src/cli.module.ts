import { Module } from '@nestjs/common';
import { AuthModule } from '@stoflow/auth';
import { VintedReferenceDataModule } from '@stoflow/catalog';
import { CoreModule } from '@stoflow/core';
import { EbayModule } from '@stoflow/ebay';
import { EtsyModule } from '@stoflow/etsy';
import { PublishingModule } from '@stoflow/publishing';
import { VintedModule } from '@stoflow/vinted';
import { DbCommand, DbMigrateCommand } from './db/db.command';
import { JobsCommand, jobSubCommands } from './jobs/jobs.command';
import { ReferenceCommand, referenceSubCommands } from './reference/reference.command';
import { QuotasCommand, QuotasListCommand, QuotasSetCommand } from './quotas/quotas.command';
import {
  TenantsCommand,
  TenantsListCommand,
  TenantsMigrateCommand,
  TenantsVerifyCommand,
} from './tenants/tenants.command';
import { CliArguments } from './users/cli-arguments';
import { UsersCommand, userSubCommands } from './users/users.command';

/** The admin CLI: `npm run cli -- <command> --help`. */
@Module({
  imports: [
    CoreModule.forRoot({ app: 'cli' }),
    AuthModule,
    PublishingModule.forRoot({ app: 'cli' }),
    VintedModule.forRoot({ app: 'cli' }),
    EbayModule.forRoot({ app: 'cli' }),
    EtsyModule.forRoot({ app: 'cli' }),
    VintedReferenceDataModule,
  ],
  providers: [
    DbCommand,
    DbMigrateCommand,
    UsersCommand,
    ...userSubCommands,
    TenantsCommand,
    TenantsListCommand,
    TenantsMigrateCommand,
    TenantsVerifyCommand,
    QuotasCommand,
    QuotasListCommand,
    QuotasSetCommand,
    JobsCommand,
    ...jobSubCommands,
    ReferenceCommand,
    ...referenceSubCommands,
    CliArguments,
  ],
})
export class CliModule {}
