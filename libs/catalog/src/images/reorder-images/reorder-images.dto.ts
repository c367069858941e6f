import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import { MAX_IMAGES_PER_PRODUCT } from '../image-errors';
import { ProductImageDto } from '../product-image.dto';

export class ReorderImagesDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: "Exactly the product's image ids, each once, in the new order (cover first)",
    maxItems: MAX_IMAGES_PER_PRODUCT,
  })
  @IsArray()
  @ArrayMaxSize(MAX_IMAGES_PER_PRODUCT)
  @IsUUID(undefined, { each: true })
  imageIds!: string[];
}

export class ProductImagesDto {
  @ApiProperty({ type: [ProductImageDto] })
  images!: ProductImageDto[];
}
