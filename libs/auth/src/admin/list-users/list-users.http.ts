import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page } from '@stoflow/core';
import { RequirePermission } from '../../roles/require-role';
import type { UserView } from '../../users/user';
import { AdminUserPageDto, ListUsersParams } from './list-users.dto';
import { ListUsersQuery } from './list-users.query';

@ApiTags('admin')
@ApiBearerAuth('access-token')
@Controller('api/admin/users')
export class ListUsersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('users:read')
  @ApiOkResponse({ type: AdminUserPageDto })
  list(@QueryParams() params: ListUsersParams): Promise<Page<UserView>> {
    return this.queries.execute(new ListUsersQuery(params.page, params.limit, params.q));
  }
}
