import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Public } from '@stoflow/core';
import type { FastifyRequest } from 'fastify';
import { ProductImageDto } from '../product-image.dto';
import type { ProductImageView } from '../product-image.repository';
import { readUploadedImage, UPLOAD_IMAGE_BODY } from '../upload-image/upload-image.dto';
import { UploadGrantedImageCommand } from './upload-granted-image.command';

@ApiTags('media')
@Controller('media/uploads')
export class UploadGrantedImageController {
  constructor(private readonly commands: CommandBus) {}

  /** Public on purpose: the signed, single-use token is the credential (the extension holds no user token). */
  @Public()
  @Post(':token')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_IMAGE_BODY)
  @ApiCreatedResponse({ type: ProductImageDto, description: 'The image added (the same one when sent again)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: unknown, tampered with or expired upload URL' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: more than 10 MB' })
  @ApiUnprocessableEntityResponse({
    description: 'UNSUPPORTED_IMAGE (not JPEG/PNG/WebP by its bytes) or TOO_MANY_IMAGES (20)',
  })
  async upload(@Param('token') token: string, @Req() request: FastifyRequest): Promise<ProductImageView> {
    const bytes = await readUploadedImage(request);
    return this.commands.execute(new UploadGrantedImageCommand(token, bytes));
  }
}
