import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONTROLS_ALLOWED } from '@stoflow/core';
import { CurrentDevice, PluginDevice, PluginRoute } from '../../access/plugin.guard';
import { SubmitResultCommand } from './submit-result.command';
import { TaskResultDto } from './submit-result.dto';

@ApiTags('plugin')
@Controller('api/plugin')
export class SubmitResultController {
  constructor(private readonly commands: CommandBus) {}

  @Post('tasks/:id/result')
  @PluginRoute()
  // The body relays Vinted's answer as it came, control characters included.
  @RouteConfig({ [CONTROLS_ALLOWED]: true })
  @HttpCode(200)
  @ApiOperation({ summary: "Post a task's result (plugin token)", description: 'Idempotent by (task, attempt).' })
  @ApiOkResponse({ description: 'Recorded (or already recorded)' })
  @ApiNotFoundResponse({ description: 'No such task for this user' })
  @ApiConflictResponse({ description: 'The task is no longer this device’s (timed out, re-dispatched, cancelled)' })
  async submit(
    @CurrentDevice() device: PluginDevice,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TaskResultDto,
  ): Promise<{ ok: true }> {
    await this.commands.execute(new SubmitResultCommand(device, id, body));
    return { ok: true };
  }
}
