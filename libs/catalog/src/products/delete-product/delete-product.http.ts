import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { DeleteProductCommand } from './delete-product.command';

@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class DeleteProductController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Soft-deleted: gone from every read' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async delete(@Param('id') id: string): Promise<void> {
    await this.commands.execute(new DeleteProductCommand(id));
  }
}
