import { ApiProperty } from '@nestjs/swagger';

export class VintedSeenDto {
  @ApiProperty({ nullable: true, type: Boolean }) loggedIn!: boolean | null;
  @ApiProperty({ nullable: true, type: Number, example: 123456789 }) userId!: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'closet_of_ana' }) login!: string | null;
}

export class DeviceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Chrome on my laptop' }) name!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastSeenAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1.4.2' }) version!: string | null;
  @ApiProperty({ type: VintedSeenDto }) vinted!: VintedSeenDto;
}

export class DeviceListDto {
  @ApiProperty({ type: [DeviceDto] }) items!: DeviceDto[];
}
