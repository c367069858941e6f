import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ROLES, type Role } from '../../users/user';

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: 'pro', description: 'A tier of public.subscription_quotas' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,29}$/, { message: 'must be a tier name' })
  tier?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
