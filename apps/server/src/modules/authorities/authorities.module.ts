import { Module } from '@nestjs/common';
import { AuthoritiesService } from './authorities.service';

@Module({ providers: [AuthoritiesService], exports: [AuthoritiesService] })
export class AuthoritiesModule {}
