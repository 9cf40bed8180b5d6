import { Injectable } from '@nestjs/common';
import { readAppVersion } from '../../common/app-version';

export interface HealthReport {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}

@Injectable()
export class HealthService {
  private readonly version = readAppVersion();

  report(): HealthReport {
    // Process uptime is real elapsed time, deliberately not the (later virtual) lab Clock: advancing
    // the lab by a month must not make the server look a month old.
    return { status: 'ok', version: this.version, uptimeSeconds: Math.floor(process.uptime()) };
  }
}
