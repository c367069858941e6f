import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from '@stoflow/auth';
import { CatalogModule } from '@stoflow/catalog';
import { AccessGuard, CoreModule } from '@stoflow/core';
import { EbayModule } from '@stoflow/ebay';
import { EtsyModule } from '@stoflow/etsy';
import { PublishingModule } from '@stoflow/publishing';
import { VintedModule } from '@stoflow/vinted';

/** The HTTP entry: REST for the dashboard, long-poll for the extension, OpenAPI at /docs. */
@Module({
  imports: [
    CoreModule.forRoot({ app: 'api' }),
    AuthModule,
    CatalogModule,
    PublishingModule.forRoot({ app: 'api' }),
    VintedModule.forRoot({ app: 'api' }),
    EbayModule.forRoot({ app: 'api' }),
    EtsyModule.forRoot({ app: 'api' }),
  ],
  providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
})
export class ApiModule {}
