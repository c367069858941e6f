import { Query } from '@nestjs/cqrs';

/**
 * Whether the owner of a stored object still shows it (asked on every `GET /media`): a signed URL handed out
 * earlier must stop working as soon as what it shows is deleted, not when it expires. Answered by the slice
 * that stores the object (images).
 */
export class MediaServableQuery extends Query<boolean> {
  constructor(readonly key: string) {
    super();
  }
}
