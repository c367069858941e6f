import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page } from '@stoflow/core';
import { ProductPageDto } from '../product.dto';
import { ProductView } from '../product-view';
import { ListProductsParams } from './list-products.dto';
import { ListProductsQuery } from './list-products.query';

@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class ListProductsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: ProductPageDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (e.g. limit > 100, unknown sort)' })
  list(@Query() { page, limit, sort, ...filter }: ListProductsParams): Promise<Page<ProductView>> {
    return this.queries.execute(new ListProductsQuery(filter, sort ?? '-createdAt', page, limit));
  }
}
