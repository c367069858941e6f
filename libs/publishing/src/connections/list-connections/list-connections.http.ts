import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { MARKETPLACES } from '@stoflow/catalog';
import { ConnectionView, ListConnectionsQuery } from './list-connections.query';

class ConnectionDto {
  @ApiProperty({ enum: MARKETPLACES }) marketplace!: string;
  @ApiProperty({ description: 'This server can reach the marketplace (an operator matter)' }) configured!: boolean;
  @ApiProperty() connected!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The account there, as you know it' })
  account!: string | null;
  @ApiProperty({ example: 'connected', description: 'connected, paused, not-connected, not-configured, …' })
  status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'What you must do, if anything' }) needs!: string | null;
}

@ApiTags('marketplaces')
@ApiBearerAuth('access-token')
@Controller('api/marketplaces')
export class ListConnectionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: [ConnectionDto], description: 'Every marketplace, connected or not' })
  list(): Promise<ConnectionView[]> {
    return this.queries.execute(new ListConnectionsQuery());
  }
}
