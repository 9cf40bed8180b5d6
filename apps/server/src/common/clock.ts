import { Injectable } from '@nestjs/common';

/**
 * Every reading of "now" in the server goes through a Clock, so certificate validity, job leases
 * and alerts can be tested with fixed dates and, later, driven by the lab's virtual clock.
 * The abstract class is also the injection token: inject `Clock`, never call `new Date()`.
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
