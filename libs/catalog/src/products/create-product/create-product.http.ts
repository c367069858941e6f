import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { etagOf, ProductDto } from '../product.dto';
import { ProductView } from '../product-view';
import { CreateProductCommand } from './create-product.command';
import { CreateProductDto } from './create-product.dto';

@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class CreateProductController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCreatedResponse({
    type: ProductDto,
    description: 'The draft product; ETag header = its version, Location header = its URL',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (fields, unknown attribute ids)' })
  @ApiForbiddenResponse({ description: 'QUOTA_EXCEEDED: the tier allows no more products' })
  @ApiConflictResponse({ description: 'CONFLICT: sku already used by a live product' })
  async create(@Body() body: CreateProductDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductView> {
    const product = await this.commands.execute(new CreateProductCommand(body));
    void reply.header('etag', etagOf(product.version)).header('location', `/api/products/${product.id}`);
    return product;
  }
}
