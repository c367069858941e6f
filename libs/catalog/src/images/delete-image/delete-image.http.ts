import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { DeleteImageCommand } from './delete-image.command';

@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class DeleteImageController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id/images/:imageId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, files included; later images move up one position' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such product or image (or not yours)' })
  async delete(@Param('id') productId: string, @Param('imageId') imageId: string): Promise<void> {
    await this.commands.execute(new DeleteImageCommand(productId, imageId));
  }
}
