import { Controller, Get, Query } from '@nestjs/common';
import { AuditPageDto, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

/** The audit log of steward and admin mutations (openapi.yaml, tag audit). */
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
