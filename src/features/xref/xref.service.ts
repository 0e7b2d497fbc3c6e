import { Injectable } from '@nestjs/common';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { KnownEntityTypes } from './known-entity-types';
import { tooManyKeys } from './resolve-request.parser';
import { SourceKey, XrefRepository, XrefView } from './xref.repository';
import { MAX_RESOLVE_KEYS } from './xref-limits';
import type { XrefLookupDto } from './xref-response.dto';

export interface XrefViewInput {
  asOf?: string;
  targetDomain?: string;
}

const viewOf = (input: XrefViewInput): XrefView => ({
  asOf: input.asOf ?? null,
  targetDomain: input.targetDomain ?? null,
});

/** The cross-reference: which golden entity a source record belongs to, and who else does. */
@Injectable()
export class XrefService {
  constructor(
    private readonly repository: XrefRepository,
    private readonly entityTypes: KnownEntityTypes,
  ) {}

  async lookup(key: SourceKey, input: XrefViewInput): Promise<XrefLookupDto> {
    this.entityTypes.assertKnown([{ entityType: key.entityType, field: 'entityType' }]);
    const view = viewOf(input);
    const row = await this.repository.lookup(key, view);
    if (!row) {
      const when = view.asOf === null ? 'now' : `at ${view.asOf}`;
      throw new DomainException(
        'XREF.UNKNOWN_KEY',
        `no live ${key.entityType} record ${key.domain}:${key.sourceId} ${when}`,
        { entityType: key.entityType, domain: key.domain, sourceId: key.sourceId, asOf: view.asOf },
      );
    }
    return {
      entityType: key.entityType,
      domain: key.domain,
      sourceId: key.sourceId,
      goldenId: row.goldenId,
      version: row.version,
      asOf: view.asOf,
      members: row.members,
      references: row.references,
    };
  }

  /**
   * The XrefResolveResponse body as JSON text: its `results` come written by PostgreSQL
   * (XrefRepository.resolveJson) and are not parsed here.
   */
  async resolveJson(keys: SourceKey[], input: XrefViewInput): Promise<string> {
    // Also checked when the body is parsed; here for callers other than HTTP.
    if (keys.length > MAX_RESOLVE_KEYS) throw tooManyKeys(keys.length);
    this.entityTypes.assertKnownKeys(keys);
    const view = viewOf(input);
    const results = await this.repository.resolveJson(keys, view);
    return `{"asOf":${JSON.stringify(view.asOf)},"results":${results}}`;
  }
}
