import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentDevice, PluginDevice, PluginRoute } from '../../access/plugin.guard';
import { HeartbeatCommand } from './heartbeat.command';
import { HeartbeatDto } from './heartbeat.dto';

@ApiTags('plugin')
@Controller('api/plugin')
export class HeartbeatController {
  constructor(private readonly commands: CommandBus) {}

  @Post('heartbeat')
  @PluginRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'Extension heartbeat (plugin token)' })
  @ApiOkResponse({ description: 'Recorded' })
  async beat(@CurrentDevice() device: PluginDevice, @Body() body: HeartbeatDto): Promise<{ ok: true }> {
    await this.commands.execute(new HeartbeatCommand(device, body.version, body.vinted));
    return { ok: true };
  }
}
