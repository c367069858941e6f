import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PLAIN_NAME } from '../../../vinted-web/vinted-web.client';

export class HeartbeatVintedDto {
  @ApiProperty({ description: 'Whether a Vinted session is logged in in the browser' })
  @IsBoolean()
  loggedIn!: boolean;

  @ApiPropertyOptional({ example: 123456789 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  userId?: number;

  @ApiPropertyOptional({ example: 'closet_of_ana' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  // Shown back to the user (connection, pause messages): plain text only.
  @Matches(PLAIN_NAME, { message: 'must be letters, digits, _ . or - (a Vinted login)' })
  login?: string;
}

export class HeartbeatDto {
  @ApiProperty({ example: '1.4.2', description: 'The extension version' })
  @IsString()
  @Length(1, 40)
  version!: string;

  @ApiProperty({ type: HeartbeatVintedDto })
  @ValidateNested()
  @Type(() => HeartbeatVintedDto)
  vinted!: HeartbeatVintedDto;
}
