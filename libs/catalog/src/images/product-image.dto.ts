import { ApiProperty } from '@nestjs/swagger';

export class ProductImageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Signed, expiring URL of the image (JPEG, ≤ 2048 px); needs no token' })
  url!: string;

  @ApiProperty({ description: 'Signed, expiring URL of the 400 px thumbnail (JPEG); needs no token' })
  thumbnailUrl!: string;

  @ApiProperty({ description: '0 is the cover; 0..n-1', minimum: 0 })
  position!: number;
}
