import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf } from '../../products/product.dto';
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
  @ApiCreatedResponse({ type: ProductImageDto, description: "ETag header = the product's new version" })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such product (or not yours)' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: more than 10 MB' })
  @ApiUnprocessableEntityResponse({
    description: 'UNSUPPORTED_IMAGE (not JPEG/PNG/WebP by its bytes) or TOO_MANY_IMAGES (20)',
  })
  async upload(
    @Param('id') productId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductImageView> {
    const bytes = await readUploadedImage(request);
    const { image, productVersion } = await this.commands.execute(new UploadImageCommand(productId, bytes));
    // The upload changed the product: the next PATCH must be able to send this as If-Match.
    void reply.header('etag', etagOf(productVersion));
    return image;
  }
}
