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
import { ReferenceSnapshotView } from '../reference-snapshots.repository';
import { GetVintedReferenceRefreshQuery } from './get-vinted-reference-refresh.query';
import { RefreshVintedReferenceCommand } from './refresh-vinted-reference.command';

class ReferenceSnapshotDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() userId!: number;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ description: 'Seeded brands this run searches on Vinted' }) brandCount!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

@ApiTags('vinted')
@ApiBearerAuth('access-token')
@Controller('api/vinted/reference')
export class RefreshVintedReferenceController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('refresh')
  @HttpCode(202)
  @ApiOperation({
    summary: "Read Vinted's reference lists now",
    description:
      "Through your extension, paced like every Vinted call: Vinted's catalog tree, size groups and a slice of the " +
      "brands StoFlow knows, kept as a snapshot that an operator compares with StoFlow's reference data " +
      '(`npm run cli -- reference diff`). One refresh runs at a time: yours is answered again while it runs.',
  })
  @ApiAcceptedResponse({ type: ReferenceSnapshotDto })
  @ApiConflictResponse({ description: 'CONFLICT: another user’s refresh is running' })
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONNECTED: no paired extension' })
  refresh(@CurrentUser() user: AuthenticatedUser): Promise<ReferenceSnapshotView> {
    return this.commands.execute(new RefreshVintedReferenceCommand(user.id));
  }

  @Get(':id')
  @ApiOperation({ summary: 'How a refresh of Vinted’s reference data you started is going' })
  @ApiOkResponse({ type: ReferenceSnapshotDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such refresh of yours' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<ReferenceSnapshotView> {
    return this.queries.execute(new GetVintedReferenceRefreshQuery(user.id, id));
  }
}
