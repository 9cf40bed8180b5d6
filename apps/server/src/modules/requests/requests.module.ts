import { Module } from '@nestjs/common';
import { RequestQueries } from './requests.queries';
import { RequestsService } from './requests.service';

@Module({
  providers: [RequestsService, RequestQueries],
  exports: [RequestsService, RequestQueries],
})
export class RequestsModule {}
