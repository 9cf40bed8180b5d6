import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { LabClockCommandSchema, type LabClockView } from '@certlab/contracts';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { LabClockErrors } from './lab-clock.errors';
import { LabClockService } from './lab-clock.service';

@Controller('api/lab/clock')
export class LabClockController {
  constructor(private readonly labClock: LabClockService) {}

  @Get()
  @Requires('read')
  read(): LabClockView {
    return this.labClock.view();
  }

  /** Advance, set, freeze, resume or reset the clock (docs/server.md, "Lab clock"). */
  @Post()
  @HttpCode(200)
  @Requires('admin')
  change(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<LabClockView> {
    return this.labClock.change(
      parseBody(LabClockCommandSchema, body, LabClockErrors.invalidRequest),
      actor,
    );
  }
}
