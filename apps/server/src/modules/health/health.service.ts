import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { readAppVersion } from '../../common/app-version';
import { type CryptoSelfTestReport, runCryptoSelfTest } from './crypto-self-test';

export interface HealthReport {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
  crypto: Pick<CryptoSelfTestReport, 'passed' | 'algorithms'>;
}

@Injectable()
export class HealthService implements OnModuleInit {
  private readonly logger = new Logger(HealthService.name);
  private readonly version = readAppVersion();
  private selfTest: CryptoSelfTestReport | undefined;

  async onModuleInit(): Promise<void> {
    const report = await runCryptoSelfTest();
    if (!report.passed) {
      // Refuse to start: a lab that cannot sign with one of its algorithms would fail renewals later.
      throw new Error(`crypto self-test failed: ${report.failure ?? 'unknown'}`);
    }
    this.logger.log(
      `crypto self-test passed (${report.algorithms.join(', ')}) in ${report.durationMs} ms`,
    );
    this.selfTest = report;
  }

  report(): HealthReport {
    // Process uptime is real elapsed time, deliberately not the (later virtual) lab Clock: advancing
    // the lab by a month must not make the server look a month old.
    return {
      status: 'ok',
      version: this.version,
      uptimeSeconds: Math.floor(process.uptime()),
      crypto: {
        passed: this.selfTest?.passed ?? false,
        algorithms: this.selfTest?.algorithms ?? [],
      },
    };
  }
}
