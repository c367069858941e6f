import { Body, Controller, Headers, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { etagOf, ifMatchVersion, ProductDto } from '../product.dto';
import { ProductView } from '../product-view';
import { UpdateProductCommand } from './update-product.command';
import { UpdateProductDto } from './update-product.dto';

@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class UpdateProductController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of your last read: refuse if it changed' })
  @ApiOkResponse({ type: ProductDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'CONFLICT: stale If-Match, sku taken, or a status move not allowed' })
  async update(
    @Param('id') id: string,
    @Body() body: UpdateProductDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductView> {
    const product = await this.commands.execute(new UpdateProductCommand(id, body, ifMatchVersion(ifMatch)));
    void reply.header('etag', etagOf(product.version));
    return product;
  }
}
