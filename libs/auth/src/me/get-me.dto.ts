import { ApiProperty } from '@nestjs/swagger';

export class QuotaUseDto {
  @ApiProperty({ example: 3 }) used!: number;
  @ApiProperty({ example: 30, nullable: true, type: Number, description: 'null: unlimited' }) limit!: number | null;
}

export class MarketplaceQuotaDto {
  @ApiProperty({ example: 2, nullable: true, type: Number, description: 'null: every marketplace' })
  limit!: number | null;
}

export class QuotasDto {
  @ApiProperty({ type: QuotaUseDto }) products!: QuotaUseDto;
  @ApiProperty({ type: QuotaUseDto, description: 'Publishes since midnight UTC' }) publishesToday!: QuotaUseDto;
  @ApiProperty({ type: MarketplaceQuotaDto }) marketplaces!: MarketplaceQuotaDto;
}

export class MeDto {
  @ApiProperty({ example: 42 }) id!: number;
  @ApiProperty({ example: 'reseller@example.com' }) email!: string;
  @ApiProperty({ enum: ['user', 'admin'] }) role!: string;
  @ApiProperty({ example: 'free' }) tier!: string;
  @ApiProperty({ type: QuotasDto }) quotas!: QuotasDto;
  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' }) createdAt!: string;
}
