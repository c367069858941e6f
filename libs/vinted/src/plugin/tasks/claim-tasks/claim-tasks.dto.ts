import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { HTTP_METHODS } from '../plugin-task';

export const MAX_WAIT_SECONDS = 30;

export class ClaimTasksParams {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_WAIT_SECONDS,
    default: 25,
    description: 'Seconds to wait for a task',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_WAIT_SECONDS)
  wait = 25;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 5, description: 'Most tasks to take at once' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  max = 5;
}

export class ClaimedTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Send it back with the result', example: 1 }) attempt!: number;
  @ApiProperty({ enum: HTTP_METHODS }) method!: string;
  @ApiProperty({ example: '/api/v2/item_upload/items', description: "Relative to the user's Vinted origin" })
  url!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) headers!: Record<string, string>;
  @ApiPropertyOptional({ description: 'JSON, or {multipart: {fields, files}} for a photo upload', nullable: true })
  body!: unknown;
  @ApiProperty({ example: 30000 }) timeoutMs!: number;
}

export class ClaimedTasksDto {
  @ApiProperty({ type: [ClaimedTaskDto] }) tasks!: ClaimedTaskDto[];
}
