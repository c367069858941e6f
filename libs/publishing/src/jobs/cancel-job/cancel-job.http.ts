import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { JobDto } from '../job.dto';
import { JobView } from '../marketplace-job';
import { CancelJobCommand } from './cancel-job.command';

@ApiTags('jobs')
@ApiBearerAuth('access-token')
@Controller('api/jobs')
export class CancelJobController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: JobDto, description: 'Cancelled; calls not yet made will never run' })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown id or another tenant's job)" })
  @ApiConflictResponse({ description: 'Already finished, or the marketplace is creating the listing at this moment' })
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<JobView> {
    return this.commands.execute(new CancelJobCommand(user.id, id));
  }
}
