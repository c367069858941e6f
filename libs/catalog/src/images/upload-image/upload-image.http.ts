import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ProductImageDto } from '../product-image.dto';
import type { ProductImageView } from '../product-image.repository';
import { UploadImageCommand } from './upload-image.command';
import { readUploadedImage, UPLOAD_IMAGE_BODY } from './upload-image.dto';

@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class UploadImageController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/images')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_IMAGE_BODY)
  @ApiCreatedResponse({ type: ProductImageDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such product (or not yours)' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: more than 10 MB' })
  @ApiUnprocessableEntityResponse({
    description: 'UNSUPPORTED_IMAGE (not JPEG/PNG/WebP by its bytes) or TOO_MANY_IMAGES (20)',
  })
  async upload(@Param('id') productId: string, @Req() request: FastifyRequest): Promise<ProductImageView> {
    const bytes = await readUploadedImage(request);
    return this.commands.execute(new UploadImageCommand(productId, bytes));
  }
}
