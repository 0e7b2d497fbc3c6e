import { Controller, Get, Query } from '@nestjs/common';
import { AuditPageDto, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';
import { RequireRole } from '../common/http/roles';

/** The audit log of steward and admin mutations (openapi.yaml, tag audit). */
@Controller('v1/audit')
@RequireRole('steward')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
