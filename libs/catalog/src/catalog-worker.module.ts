import { Module } from '@nestjs/common';
import { CatalogModule } from './catalog.module';
import { ImagesSweeperModule } from './images/images-sweeper.module';

/** What the worker runs of the catalog: its event handlers (listings projection) and the nightly purge. */
@Module({ imports: [CatalogModule, ImagesSweeperModule] })
export class CatalogWorkerModule {}
