import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@stoflow/core';

export class ListUsersParams extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of an email, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  q?: string;
}

export class AdminUserDto {
  @ApiProperty({ example: 42 }) id!: number;
  @ApiProperty({ example: 'reseller@example.com' }) email!: string;
  @ApiProperty({ enum: ['user', 'admin'] }) role!: string;
  @ApiProperty({ example: 'free' }) tier!: string;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' }) createdAt!: string;
}

export class AdminUserPageDto {
  @ApiProperty({ type: [AdminUserDto] }) items!: AdminUserDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}
