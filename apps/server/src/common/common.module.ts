import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { KeyVault } from './secrets/key-vault';

/** Cross-cutting providers every module may inject. */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, KeyVault],
  exports: [Clock, KeyVault],
})
export class CommonModule {}
