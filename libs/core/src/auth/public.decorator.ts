import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'stoflow:isPublic';

/** The only way to open a route without a token; a test lists every public route. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
