import { Global, Module } from '@nestjs/common';
import { KeyVault } from './secrets/key-vault';

/** Cross-cutting providers every module may inject. */
@Global()
@Module({
  // The Clock comes from LabClockModule: the lab's clock, loaded from the database.
  providers: [KeyVault],
  exports: [KeyVault],
})
export class CommonModule {}
