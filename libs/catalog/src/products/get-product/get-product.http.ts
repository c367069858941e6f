import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { etagOf, ProductDto } from '../product.dto';
import { ProductView } from '../product-view';
import { GetProductQuery } from './get-product.query';

@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class GetProductController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOkResponse({ type: ProductDto, description: 'ETag header = the version, for If-Match on PATCH' })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown, deleted, or another tenant's product)" })
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductView> {
    const product = await this.queries.execute(new GetProductQuery(id));
    void reply.header('etag', etagOf(product.version));
    return product;
  }
}
