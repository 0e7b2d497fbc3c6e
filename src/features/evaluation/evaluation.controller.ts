import { Body, Controller, SetMetadata, HttpCode, Post } from '@nestjs/common';
import { EvaluationReport, EvaluationService } from './evaluation.service';
import { AcceptsBody } from '../../platform/common/http/body.guard';

/** Accuracy scoring for admins (an auth guard with the `admin` role goes on this class). */
// The admin role, as the auth guard reads it (`joinery:role`); without the guard it is inert.
@SetMetadata('joinery:role', 'admin')
@Controller('v1/admin')
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Post('evaluate')
  // Up to 100,000 labelled pairs.
  @AcceptsBody({ limit: 16 * 1024 * 1024 })
  @HttpCode(200)
  evaluate(@Body() body: unknown): Promise<EvaluationReport> {
    return this.evaluation.evaluate(body ?? {});
  }
}
