import { Module } from '@nestjs/common';
import { AuthModule } from '@stoflow/auth';
import { CatalogWorkerModule } from '@stoflow/catalog';
import { CoreModule } from '@stoflow/core';
import { EbayModule } from '@stoflow/ebay';
import { EtsyModule } from '@stoflow/etsy';
import { PublishingModule } from '@stoflow/publishing';
import { VintedModule } from '@stoflow/vinted';

/** Bull processors, the outbox relay and the periodic sweepers. */
@Module({
  imports: [
    CoreModule.forRoot({ app: 'worker' }),
    AuthModule,
    CatalogWorkerModule,
    PublishingModule.forRoot({ app: 'worker' }),
    VintedModule.forRoot({ app: 'worker' }),
    EbayModule.forRoot({ app: 'worker' }),
    EtsyModule.forRoot({ app: 'worker' }),
  ],
})
export class WorkerModule {}
