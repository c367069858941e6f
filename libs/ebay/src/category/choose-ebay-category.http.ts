import { Body, Controller, Delete, Param, Put, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { Matches } from 'class-validator';
import { EbayConfiguredGuard } from '../access/ebay-configured.guard';
import { ChooseEbayCategoryCommand, EbayCategoryChoice } from './choose-ebay-category.command';

class ChooseCategoryDto {
  @ApiProperty({ example: '63861', description: 'A categoryId from GET /api/ebay/categories/suggest' })
  @Matches(/^[0-9]{1,10}$/, { message: "categoryId must be eBay's numeric category id" })
  categoryId!: string;
}

class CategoryChoiceDto {
  @ApiProperty({ format: 'uuid' }) productId!: string;
  @ApiProperty({ nullable: true, type: String }) categoryId!: string | null;
  @ApiProperty({ type: [String] }) requiredAspects!: string[];
}

@ApiTags('ebay')
@ApiBearerAuth('access-token')
@Controller('api/ebay/products/:productId/category')
@UseGuards(EbayConfiguredGuard)
export class ChooseEbayCategoryController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @ApiOperation({
    summary: "Choose eBay's category for a product",
    description:
      "Where StoFlow's category has no eBay equivalent, or not the one you want. It must be one of eBay's most " +
      'precise categories on your site; it applies from the next publish or edit on eBay.',
  })
  @ApiOkResponse({ type: CategoryChoiceDto })
  @ApiNotFoundResponse({ description: 'No such product of yours' })
  @ApiUnprocessableEntityResponse({ description: 'EBAY_CATEGORY_NOT_LISTABLE, MARKETPLACE_NOT_CONNECTED' })
  choose(
    @CurrentUser() user: AuthenticatedUser,
    @Param('productId') productId: string,
    @Body() body: ChooseCategoryDto,
  ): Promise<EbayCategoryChoice> {
    return this.commands.execute(new ChooseEbayCategoryCommand(user.id, productId, body.categoryId));
  }

  @Delete()
  @ApiOperation({ summary: "Go back to the eBay category of StoFlow's reference data" })
  @ApiOkResponse({ type: CategoryChoiceDto })
  forget(@CurrentUser() user: AuthenticatedUser, @Param('productId') productId: string): Promise<EbayCategoryChoice> {
    return this.commands.execute(new ChooseEbayCategoryCommand(user.id, productId, null));
  }
}
