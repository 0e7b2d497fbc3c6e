import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainException } from '../../platform/common/errors/domain.exception';
import {
  GoldenState,
  MemberKey,
  memberKey,
  StewardRecord,
  StewardRecordRepository,
} from './steward-record.repository';

/** A live record: one with a golden id. */
export type LiveRecord = StewardRecord & { goldenId: string };

/**
 * Resolves what a steward request names (records by key, golden ids) and refuses, with the field
 * and the reason, what cannot be acted on: unknown or deleted records (404), unknown ids (404),
 * retired or deleted entities (409, naming the survivor), records outside the named entity (409).
 */
@Injectable()
export class StewardTargets {
  constructor(private readonly records: StewardRecordRepository) {}

  async liveRecords(
    m: EntityManager,
    entityType: string,
    keys: Array<MemberKey & { field: string }>,
  ): Promise<LiveRecord[]> {
    const found = await this.records.findByKeys(m, entityType, keys);
    return keys.map((k) => {
      const record = found.get(memberKey(k));
      if (!record || record.goldenId === null) {
        throw new DomainException(
          'STEWARDSHIP.UNKNOWN_RECORD',
          `${k.field}: ${entityType} record ${k.domain}:${k.sourceId} ${record ? 'is deleted' : 'does not exist'}`,
          {
            field: k.field,
            entityType,
            domain: k.domain,
            sourceId: k.sourceId,
            deleted: record !== undefined,
          },
        );
      }
      return record as LiveRecord;
    });
  }

  async activeGolden(m: EntityManager, goldenId: string, field: string): Promise<GoldenState> {
    const golden = await this.records.golden(m, goldenId);
    if (!golden) {
      throw new DomainException('STEWARDSHIP.UNKNOWN_GOLDEN_ID', `${field}: no golden entity ${goldenId}`, {
        field,
        goldenId,
      });
    }
    if (golden.status !== 'active') {
      const why = golden.status === 'retired' ? `was merged into ${golden.survivorId}` : 'is deleted';
      throw new DomainException(
        'STEWARDSHIP.GOLDEN_NOT_ACTIVE',
        `${field}: golden entity ${goldenId} ${why}`,
        {
          field,
          goldenId,
          status: golden.status,
          survivorId: golden.survivorId,
        },
      );
    }
    return golden;
  }

  /** Current members of the entity, oldest first. */
  members(m: EntityManager, goldenId: string): Promise<StewardRecord[]> {
    return this.records.members(m, [goldenId]);
  }

  /** The records, each of which must be a current member of the entity. */
  async membersOf(
    m: EntityManager,
    golden: GoldenState,
    keys: Array<MemberKey & { field: string }>,
  ): Promise<LiveRecord[]> {
    const found = await this.liveRecords(m, golden.entityType, keys);
    found.forEach((r, i) => {
      if (r.goldenId !== golden.goldenId) {
        throw new DomainException(
          'STEWARDSHIP.NOT_A_MEMBER',
          `${keys[i].field}: ${r.domain}:${r.sourceId} is not a member of ${golden.goldenId} (it is in ${r.goldenId})`,
          { field: keys[i].field, goldenId: golden.goldenId, memberOf: r.goldenId },
        );
      }
    });
    return found;
  }
}
