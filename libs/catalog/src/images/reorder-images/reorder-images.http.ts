import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReorderImagesCommand } from './reorder-images.command';
import { ProductImagesDto, ReorderImagesDto } from './reorder-images.dto';

@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class ReorderImagesController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':id/images/order')
  @ApiOkResponse({ type: ProductImagesDto, description: 'The images in their new order' })
  @ApiBadRequestResponse({ description: "VALIDATION_FAILED: imageIds is not exactly the product's images" })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such product (or not yours)' })
  async reorder(@Param('id') productId: string, @Body() body: ReorderImagesDto): Promise<ProductImagesDto> {
    return { images: await this.commands.execute(new ReorderImagesCommand(productId, body.imageIds)) };
  }
}
