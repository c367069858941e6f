import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class TaskErrorDto {
  @ApiProperty({ example: 'NETWORK_ERROR' })
  @IsString()
  @MaxLength(100)
  code!: string;

  @ApiProperty({ example: 'The request to Vinted timed out' })
  @IsString()
  @MaxLength(2000)
  message!: string;

  @ApiPropertyOptional({
    example: 30,
    description: "Vinted's Retry-After header (seconds) on a 429: the account's calls wait that long",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  retryAfterSeconds?: number;
}

export class TaskResultDto {
  @ApiProperty({ minimum: 1, description: 'The attempt received with the task' })
  @IsInt()
  @Min(1)
  attempt!: number;

  @ApiProperty({ description: 'Whether the call succeeded' })
  @IsBoolean()
  ok!: boolean;

  @ApiProperty({ minimum: 0, maximum: 999, description: "Vinted's HTTP status (0: no answer)" })
  @IsInt()
  @Min(0)
  @Max(999)
  status!: number;

  @ApiPropertyOptional({ description: "Vinted's JSON body, or the first 2 KB of an HTML answer" })
  @IsOptional()
  @Allow()
  body?: unknown;

  @ApiPropertyOptional({ type: TaskErrorDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskErrorDto)
  error?: TaskErrorDto;
}
