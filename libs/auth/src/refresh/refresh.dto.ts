import { ApiProperty } from '@nestjs/swagger';
import { IsJWT, IsString, MaxLength } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token of the last pair received' })
  @IsString()
  @MaxLength(2048)
  @IsJWT({ message: 'must be a refresh token' })
  refreshToken!: string;
}
