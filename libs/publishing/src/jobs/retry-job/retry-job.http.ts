import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { JobDto } from '../job.dto';
import { JobView } from '../marketplace-job';
import { RetryJobCommand } from './retry-job.command';

@ApiTags('jobs')
@ApiBearerAuth('access-token')
@Controller('api/jobs')
export class RetryJobController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: JobDto, description: 'Pending again; it resumes from its last recorded step' })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown id or another tenant's job)" })
  @ApiConflictResponse({ description: 'Only failed or expired jobs can be retried' })
  retry(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<JobView> {
    return this.commands.execute(new RetryJobCommand(user.id, id));
  }
}
