import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@stoflow/core';
import { MediaStorage } from '../media-storage';
import { MediaUrlSigner } from '../media-url-signer';
import { GetMediaQuery, SignedMedia } from './get-media.query';
import { MediaServableQuery } from './media-servable.query';

@QueryHandler(GetMediaQuery)
export class GetMediaHandler implements IQueryHandler<GetMediaQuery, SignedMedia> {
  constructor(
    private readonly signer: MediaUrlSigner,
    private readonly storage: MediaStorage,
    private readonly queries: QueryBus,
  ) {}

  async execute({ token }: GetMediaQuery): Promise<SignedMedia> {
    // Tampered, expired and deleted look the same from outside: nothing there.
    const grant = this.signer.verify(token);
    const media = grant && (await this.storage.get(grant.key));
    if (!grant || !media || !(await this.queries.execute(new MediaServableQuery(grant.key)))) {
      throw new NotFound('Media');
    }
    return { ...media, expiresAt: grant.expiresAt };
  }
}
