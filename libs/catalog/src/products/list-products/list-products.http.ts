import { Controller, Get, Header, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ProductPageDto } from '../product.dto';
import { ListProductsParams } from './list-products.dto';
import { ListProductsJsonQuery } from './list-products.query';

@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class ListProductsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOkResponse({ type: ProductPageDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (e.g. limit > 100, unknown sort)' })
  list(@Query() { page, limit, sort, ...filter }: ListProductsParams): Promise<string> {
    // Already JSON (built by PostgreSQL): sent as it is.
    return this.queries.execute(new ListProductsJsonQuery(filter, sort ?? '-createdAt', page, limit));
  }
}
