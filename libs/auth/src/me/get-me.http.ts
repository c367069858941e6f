import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../access/authenticated-user';
import { GetMeQuery, Me } from './get-me.query';
import { MeDto } from './get-me.dto';

@ApiTags('auth')
@ApiBearerAuth('access-token')
@Controller('api/auth')
export class GetMeController {
  constructor(private readonly queries: QueryBus) {}

  @Get('me')
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<Me> {
    return this.queries.execute(new GetMeQuery(user.id));
  }
}
