import { Module } from '@nestjs/common';
import { GetMediaHandler } from './get-media/get-media.handler';
import { GetMediaController } from './get-media/get-media.http';
import { LocalDiskMediaStorage } from './local-disk-media-storage';
import { MediaSettings } from './media-settings';
import { MediaStorage } from './media-storage';
import { MediaUrlSigner } from './media-url-signer';

/** Media storage behind one interface, with signed URLs served by `GET /media/{token}`. */
@Module({
  controllers: [GetMediaController],
  providers: [
    MediaSettings,
    MediaUrlSigner,
    { provide: MediaStorage, useClass: LocalDiskMediaStorage },
    GetMediaHandler,
  ],
  exports: [MediaStorage, MediaUrlSigner, MediaSettings],
})
export class MediaModule {}
