import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { CancelVintedImportCommand } from '../cancel-import/cancel-vinted-import.command';
import { VintedImportView } from '../vinted-imports.repository';
import { GetVintedImportQuery } from './get-vinted-import.query';
import { ImportVintedWardrobeCommand } from './import-vinted-wardrobe.command';

class SkippedItemDto {
  @ApiProperty() itemId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() reason!: string;
}

class ImportProgressDto {
  @ApiProperty({ description: 'Items dealt with' }) done!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Items Vinted counts; null before the first page' })
  total!: number | null;
}

class VintedImportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty() pagesRead!: number;
  @ApiProperty({ nullable: true, type: Number }) totalPages!: number | null;
  @ApiProperty({ type: ImportProgressDto }) progress!: ImportProgressDto;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty({ type: [SkippedItemDto] }) skippedItems!: SkippedItemDto[];
  @ApiProperty({ description: 'Items not imported because the tier allows no more products' }) leftOut!: number;
  @ApiProperty({ description: 'Vinted listings a complete pass found gone (marked ended; stock untouched)' })
  ended!: number;
  @ApiProperty({ description: 'Photos brought into the catalog' }) photos!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why this pass cannot prove an item is gone (then no listing is ended)',
  })
  incomplete!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

@ApiTags('vinted')
@ApiBearerAuth('access-token')
@Controller('api/vinted/import')
export class ImportVintedWardrobeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Import your Vinted wardrobe into the catalog',
    description:
      'Through the extension, paced like every Vinted call; each item becomes a product listed on Vinted, or ' +
      'updates the product it was imported into before. An import already running is answered.',
  })
  @ApiAcceptedResponse({ type: VintedImportDto })
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONNECTED: no paired extension' })
  start(@CurrentUser() user: AuthenticatedUser): Promise<VintedImportView> {
    return this.commands.execute(new ImportVintedWardrobeCommand(user.id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a running import of your Vinted wardrobe',
    description: 'Its queued Vinted calls are withdrawn and never run; what was already imported stays.',
  })
  @ApiOkResponse({ type: VintedImportDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such import of yours' })
  @ApiConflictResponse({ description: 'CONFLICT: the import has already ended' })
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<VintedImportView> {
    return this.commands.execute(new CancelVintedImportCommand(user.id, id));
  }

  @Get(':id')
  @ApiOperation({ summary: 'How an import of your Vinted wardrobe is going' })
  @ApiOkResponse({ type: VintedImportDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such import of yours' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<VintedImportView> {
    return this.queries.execute(new GetVintedImportQuery(user.id, id));
  }
}
