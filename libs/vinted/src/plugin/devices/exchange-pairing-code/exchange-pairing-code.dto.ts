import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';

export class ExchangePairingCodeDto {
  @ApiProperty({ example: 'K7QMX-4TZPW', description: 'The code shown on the dashboard' })
  @IsString()
  @Length(1, 40)
  code!: string;

  @ApiProperty({ example: 'Chrome on my laptop', minLength: 1, maxLength: 100 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' })
  name!: string;
}

export class PluginTokenDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer …` on /api/plugin/tasks, results and heartbeat' })
  pluginToken!: string;
}
