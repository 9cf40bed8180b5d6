import { Module } from '@nestjs/common';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { RenewalHistoryController } from './renewal-history.controller';
import { RenewalHistoryService } from './renewal-history.service';

@Module({
  imports: [AuthoritiesModule],
  controllers: [RenewalHistoryController],
  providers: [RenewalHistoryService],
})
export class RenewalHistoryModule {}
