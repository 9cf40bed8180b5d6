import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LabClockCommandSchema, type LabClockView } from '@certlab/contracts';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { LabClockErrors } from './lab-clock.errors';
import { LabClockService } from './lab-clock.service';

@ApiTags('Lab clock')
@Controller('api/lab/clock')
export class LabClockController {
  constructor(private readonly labClock: LabClockService) {}

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'What the server reads as now: real, offset or frozen time' })
  read(): LabClockView {
    return this.labClock.view();
  }

  /** Advance, set, freeze, resume or reset the clock (docs/server.md, "Lab clock"). */
  @Post()
  @HttpCode(200)
  @Requires('admin')
  @ApiOperation({
    summary:
      'Advance, set, freeze, resume or reset the lab clock (never before the newest certificate)',
  })
  @ApiBody({
    schema: { type: 'object' },
    examples: {
      advance: { value: { advance: '+60d' } },
      set: { value: { set: '2027-03-01T09:00:00Z' } },
      freeze: { value: { freeze: true } },
      resume: { value: { resume: true } },
      reset: { value: { reset: true } },
    },
  })
  change(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<LabClockView> {
    return this.labClock.change(
      parseBody(LabClockCommandSchema, body, LabClockErrors.invalidRequest),
      actor,
    );
  }
}
