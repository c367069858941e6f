import { Injectable } from '@nestjs/common';

/** Time as the domain sees it; tests can provide their own. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
