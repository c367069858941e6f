import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { DeviceView } from '../device-view';
import { DeviceListDto } from './list-devices.dto';
import { ListDevicesQuery } from './list-devices.query';

@ApiTags('plugin')
@ApiBearerAuth('access-token')
@Controller('api/plugin')
export class ListDevicesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('devices')
  @ApiOkResponse({ type: DeviceListDto })
  list(@CurrentUser() user: AuthenticatedUser): Promise<{ items: DeviceView[] }> {
    return this.queries.execute(new ListDevicesQuery(user.id));
  }
}
