import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrantImageUploadCommand } from '@stoflow/catalog';
import type { ImageUploadGrant } from '@stoflow/catalog';
import { VintedCall, VintedWebClient } from '../vinted-web/vinted-web.client';
import type { PendingPhoto } from './vinted-imports.repository';

/** The call that copies one Vinted photo into its product, with an upload URL granted just before it is queued. */
@Injectable()
export class ImportPhotoCalls {
  constructor(
    private readonly commands: CommandBus,
    private readonly web: VintedWebClient,
  ) {}

  async call(photo: PendingPhoto): Promise<VintedCall> {
    const grant: ImageUploadGrant = await this.commands.execute(new GrantImageUploadCommand(photo.productId, 'vinted'));
    return this.web.copyPhoto({ photoId: photo.photoId, imageUrl: photo.url, uploadUrl: grant.url });
  }
}
