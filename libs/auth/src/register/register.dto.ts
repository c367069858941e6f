import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

const trimmedLowerCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class CredentialsDto {
  @ApiProperty({ example: 'reseller@example.com', description: 'Trimmed and lower-cased before use' })
  @Transform(trimmedLowerCase)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'must be an email address' })
  email!: string;

  @ApiProperty({ minLength: 12, maxLength: 128, example: 'correct horse battery staple' })
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  password!: string;
}

export class RegisterDto extends CredentialsDto {}

export class UserDto {
  @ApiProperty({ example: 42 }) id!: number;
  @ApiProperty({ example: 'reseller@example.com' }) email!: string;
  @ApiProperty({ enum: ['user', 'admin'] }) role!: string;
  @ApiProperty({ example: 'free' }) tier!: string;
  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' }) createdAt!: string;
}

export class SessionDto {
  @ApiProperty({ description: 'JWT, 60 minutes by default' }) accessToken!: string;
  @ApiProperty({ description: 'JWT, 7 days by default, single use (each refresh spends it)' }) refreshToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds the access token lives', example: 3600 }) expiresIn!: number;
}

export class RegisteredDto extends SessionDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
}
