import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { LiveEventsModule } from '../live-events/live-events.module';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { ConsoleSessionController } from './console-session.controller';
import { ConsoleSessions } from './console-sessions.service';

/** Lab users and roles, Basic credentials and console sessions, and the global guard. */
@Module({
  imports: [AuditModule, LiveEventsModule],
  controllers: [ConsoleSessionController],
  providers: [AuthService, ConsoleSessions, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
