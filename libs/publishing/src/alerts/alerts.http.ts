import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Page, PageQuery } from '@stoflow/core';
import { AlertView } from './alerts.repository';
import { DismissAlertCommand } from './dismiss-alert/dismiss-alert.command';
import { ListAlertsQuery } from './list-alerts/list-alerts.query';

class AlertDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'oversold', description: 'oversold, …' }) kind!: string;
  @ApiProperty({ description: 'What it is about (e.g. the marketplace order)' }) subject!: string;
  @ApiProperty({ description: 'What happened and what to do, in one sentence' }) message!: string;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
}

class AlertPageDto {
  @ApiProperty({ type: [AlertDto] }) items!: AlertDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}

@ApiTags('alerts')
@ApiBearerAuth('access-token')
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiOkResponse({ type: AlertPageDto, description: 'What needs you, newest first' })
  list(@Query() params: PageQuery): Promise<Page<AlertView>> {
    return this.queries.execute(new ListAlertsQuery(params.page, params.limit));
  }

  @Post(':id/dismiss')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Dismissed' })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown id or another tenant's alert)" })
  async dismiss(@Param('id') id: string): Promise<void> {
    await this.commands.execute(new DismissAlertCommand(id));
  }
}
