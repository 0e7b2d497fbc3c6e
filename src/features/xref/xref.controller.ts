import { Body, Controller, Get, HttpCode, Logger, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { parseResolveRequest } from './resolve-request.parser';
import { XrefExportService } from './xref-export.service';
import { XrefService } from './xref.service';
import { ExportQueryDto, XrefKeyParams, XrefViewQuery } from './xref-request.dto';
import type { XrefLookupDto } from './xref-response.dto';
import { RequireRole } from '../../platform/common/http/roles';
import { AcceptsBody } from '../../platform/common/http/body.guard';

/** The cross-reference routes (openapi.yaml, tag xref). */
@Controller('v1/xref')
@RequireRole('reader')
export class XrefController {
  private readonly logger = new Logger('XrefExport');

  constructor(
    private readonly xref: XrefService,
    private readonly exports: XrefExportService,
  ) {}

  /** The whole crosswalk of one entity type, streamed (declared before the 3-segment lookup). */
  @Get('export')
  async export(@Query() query: ExportQueryDto, @Res() res: Response): Promise<void> {
    const out = await this.exports.open(query);
    res.status(200).type(out.contentType);
    // Once streaming has begun the status is sent: a failure can only cut the response short,
    // which the client sees as an unterminated chunked body.
    await pipeline(out.body, res).catch((e: unknown) => this.logger.warn(`export ended early: ${String(e)}`));
  }

  /**
   * The body is parsed by hand (not the validation pipe): see resolve-request.parser.ts. The answer
   * (XrefResolveResponse) is sent as the JSON text the service built, not serialized again.
   */
  @Post('resolve')
  @HttpCode(200)
  // Up to MAX_RESOLVE_KEYS keys of a few hundred bytes.
  @AcceptsBody({ limit: 4 * 1024 * 1024 })
  async resolve(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const request = parseResolveRequest(body);
    const json = await this.xref.resolveJson(request.keys, request);
    res.status(200).type('application/json').send(json);
  }

  @Get(':entityType/:domain/:sourceId')
  lookup(@Param() key: XrefKeyParams, @Query() query: XrefViewQuery): Promise<XrefLookupDto> {
    return this.xref.lookup(key, query);
  }
}
