import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientGone } from '../../access/client-gone';
import { CurrentPluginCaller, PluginCaller, PluginRoute } from '../../access/plugin.guard';
import { withAbsoluteMediaUrls } from './absolute-media-urls';
import type { ClaimedTask } from '../plugin-task';
import { ReleaseClaimedTasksCommand } from '../release-claimed-tasks/release-claimed-tasks.command';
import { ClaimTasksCommand } from './claim-tasks.command';
import { ClaimedTasksDto, ClaimTasksParams } from './claim-tasks.dto';

@ApiTags('plugin')
@Controller('api/plugin')
export class ClaimTasksController {
  private readonly log = new Logger(ClaimTasksController.name);

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
    if (tasks.length > 0) {
      this.releaseIfUndelivered(caller.userId, tasks, reply, clientGone);
      return { tasks: withAbsoluteMediaUrls(tasks, `${request.protocol}://${request.host}`) };
    }
    void reply.status(204);
    return undefined;
  }

  /**
   * A poll cut while its answer is on the way (the extension stopped, the tab closed, the network dropped): its
   * tasks go back to the queue at once rather than wait out their lease. An answer not fully written never reached
   * the extension, so nothing it holds is run twice; a result for the released attempt is refused as stale.
   */
  private releaseIfUndelivered(
    userId: number,
    tasks: ClaimedTask[],
    reply: FastifyReply,
    clientGone: AbortSignal,
  ): void {
    const release = () => {
      const claimed = tasks.map(({ id, attempt }) => ({ id, attempt }));
      this.commands.execute(new ReleaseClaimedTasksCommand(userId, claimed)).catch((error: unknown) => {
        this.log.warn({ err: error, userId }, 'Could not release the tasks of a cut poll; their lease will');
      });
    };
    if (clientGone.aborted) return release();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) release();
    });
  }
}
