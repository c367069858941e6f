import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Page } from '@stoflow/core';
import { ATTRIBUTE_TYPE_PARAM, AttributePageDto, ListAttributesParams } from './list-attributes.dto';
import { AttributeView, ListAttributesQuery } from './list-attributes.query';

@ApiTags('attributes')
@ApiBearerAuth('access-token')
@Controller('api/attributes')
export class ListAttributesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':type')
  @ApiParam(ATTRIBUTE_TYPE_PARAM)
  @ApiOkResponse({ type: AttributePageDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: unknown type' })
  list(@Param('type') type: string, @Query() params: ListAttributesParams): Promise<Page<AttributeView>> {
    return this.queries.execute(
      new ListAttributesQuery(
        type,
        params.page,
        params.limit,
        params.q,
        params.parentId,
        params.root,
        params.categoryId,
      ),
    );
  }
}
