import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUUID } from 'class-validator';
import { MARKETPLACES, Marketplace } from '@stoflow/catalog';
import { JOB_ACTIONS, JOB_STATUSES, JOB_WAITINGS } from './marketplace-job';

export class JobProgressDto {
  @ApiProperty() done!: number;
  @ApiProperty() total!: number;
}

export class JobErrorDto {
  @ApiProperty({ example: 'VINTED_CAPTCHA' }) code!: string;
  @ApiProperty({ example: 'Vinted asks for a captcha: solve it in your Vinted tab, then resume' }) message!: string;
}

export class JobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MARKETPLACES }) marketplace!: string;
  @ApiProperty({ enum: JOB_ACTIONS }) action!: string;
  @ApiProperty({ format: 'uuid' }) productId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) batchId!: string | null;
  @ApiProperty({ enum: JOB_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String, example: 'upload-photo:0', description: 'The step it is at' })
  step!: string | null;
  @ApiProperty({
    nullable: true,
    enum: JOB_WAITINGS,
    description:
      'Why a live job is not moving: behind an older job of the product there, retrying later, or its marketplace ' +
      'account needs you (a captcha, an expired session)',
  })
  waiting!: string | null;
  @ApiProperty({ type: JobProgressDto }) progress!: JobProgressDto;
  @ApiProperty({ type: JobErrorDto, nullable: true }) error!: JobErrorDto | null;
  @ApiProperty({ description: 'Runs of the job (1, plus one per retry)' }) attempts!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ description: 'Not finished by then, it expires' }) expiresAt!: string;
}

export class JobTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) step!: string | null;
  @ApiProperty({ enum: ['pending', 'processing', 'completed', 'failed', 'timeout', 'cancelled'] }) status!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() method!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: Number, description: "The marketplace's HTTP status of the last result" })
  resultStatus!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class JobWithTasksDto extends JobDto {
  @ApiProperty({ type: [JobTaskDto] }) tasks!: JobTaskDto[];
}

export class JobPageDto {
  @ApiProperty({ type: [JobDto] }) items!: JobDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}

export class JobsDto {
  @ApiProperty({ type: [JobDto] }) jobs!: JobDto[];
}

export class BatchJobsDto extends JobsDto {
  @ApiProperty({ format: 'uuid' }) batchId!: string;
}

export class MarketplacesDto {
  @ApiProperty({ enum: MARKETPLACES, isArray: true, example: ['vinted'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(MARKETPLACES, { each: true })
  marketplaces!: Marketplace[];
}

export class BulkPublishDto extends MarketplacesDto {
  @ApiProperty({ type: [String], format: 'uuid', description: '1 to 100 products' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  productIds!: string[];
}
