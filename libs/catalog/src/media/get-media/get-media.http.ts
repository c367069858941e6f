import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@stoflow/core';
import type { FastifyReply } from 'fastify';
import { GetMediaQuery } from './get-media.query';

@ApiTags('media')
@Controller('media')
export class GetMediaController {
  constructor(private readonly queries: QueryBus) {}

  /** Public on purpose: the signed token is the credential (marketplaces fetch images without our tokens). */
  @Public()
  @Get(':token')
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: 'The image bytes', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: unknown, tampered with, expired or deleted' })
  async get(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const media = await this.queries.execute(new GetMediaQuery(token));
    const maxAge = Math.max(0, media.expiresAt - Math.floor(Date.now() / 1000));
    void reply.header('cache-control', `private, max-age=${maxAge}, immutable`);
    // The signed URL is the credential: a dashboard on another origin (and a marketplace) may show the image.
    void reply.header('cross-origin-resource-policy', 'cross-origin');
    return new StreamableFile(media.bytes, { type: media.contentType, length: media.bytes.length });
  }
}
