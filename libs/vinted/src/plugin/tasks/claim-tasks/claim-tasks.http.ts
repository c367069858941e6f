import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientGone } from '../../access/client-gone';
import { CurrentPluginCaller, PluginCaller, PluginRoute } from '../../access/plugin.guard';
import { withAbsoluteMediaUrls } from './absolute-media-urls';
import { ClaimTasksCommand } from './claim-tasks.command';
import { ClaimedTasksDto, ClaimTasksParams } from './claim-tasks.dto';

@ApiTags('plugin')
@Controller('api/plugin')
export class ClaimTasksController {
  constructor(private readonly commands: CommandBus) {}

  @Get('tasks')
  // The claim checks the device in its own round trip: one trip to the database per poll.
  @PluginRoute({ deviceCheckedByHandler: true })
  @ApiOperation({ summary: 'Long-poll for tasks (plugin token)', description: 'Answers as soon as a task is ready.' })
  @ApiOkResponse({ type: ClaimedTasksDto })
  @ApiNoContentResponse({ description: 'No task came within `wait` seconds' })
  async claim(
    @CurrentPluginCaller() caller: PluginCaller,
    @Query() params: ClaimTasksParams,
    @ClientGone() clientGone: AbortSignal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimedTasksDto | undefined> {
    const tasks = await this.commands.execute(new ClaimTasksCommand(caller, params.wait, params.max, clientGone));
    // trustProxy is on: behind a proxy, protocol and host are the forwarded ones the extension used.
    if (tasks.length > 0) return { tasks: withAbsoluteMediaUrls(tasks, `${request.protocol}://${request.host}`) };
    void reply.status(204);
    return undefined;
  }
}
