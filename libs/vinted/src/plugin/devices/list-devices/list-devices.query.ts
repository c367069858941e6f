import { Query } from '@nestjs/cqrs';
import type { DeviceView } from '../device-view';

/** The user's paired (not revoked) extensions, oldest first. */
export class ListDevicesQuery extends Query<{ items: DeviceView[] }> {
  constructor(readonly userId: number) {
    super();
  }
}
