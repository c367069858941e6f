import { Body, Controller, Param, ParseIntPipe, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ValidationFailed } from '@stoflow/core';
import { RequirePermission } from '../../roles/require-role';
import type { UserView } from '../../users/user';
import { AdminUserDto } from '../list-users/list-users.dto';
import { UpdateUserCommand } from './update-user.command';
import { UpdateUserDto } from './update-user.dto';

const idPipe = new ParseIntPipe({
  exceptionFactory: () =>
    new ValidationFailed('The user id must be an integer', [{ field: 'id', issue: 'not an integer' }]),
});

@ApiTags('admin')
@ApiBearerAuth('access-token')
@Controller('api/admin/users')
export class UpdateUserController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':id')
  @RequirePermission('users:write')
  @ApiOkResponse({ type: AdminUserDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  update(@Param('id', idPipe) id: number, @Body() body: UpdateUserDto): Promise<UserView> {
    return this.commands.execute(new UpdateUserCommand(String(id), body));
  }
}
