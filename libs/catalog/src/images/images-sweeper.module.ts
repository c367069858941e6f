import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { ImagesModule } from './images.module';
import {
  CATALOG_SWEEPERS_QUEUE,
  PurgeDeletedProductsProcessor,
} from './purge-deleted-products/purge-deleted-products.processor';

/** Worker only: the nightly purge of products soft-deleted more than 30 days ago (rows, images, files). */
@Module({
  imports: [ImagesModule, BullModule.registerQueue({ name: CATALOG_SWEEPERS_QUEUE })],
  providers: [PurgeDeletedProductsProcessor],
})
export class ImagesSweeperModule {}
