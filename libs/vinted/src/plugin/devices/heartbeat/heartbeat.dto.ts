import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';

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
