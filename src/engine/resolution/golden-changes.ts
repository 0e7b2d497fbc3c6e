/**
 * From an id plan to the rows to write and the golden events to publish: pure, so the service only
 * writes what this returns (docs/resolution.md, "Golden change events").
 */
import { canonicalJson } from '../canonical-json';
import type { IdPlan } from '../clustering/golden-ids';
import { compareRecordIds } from '../clustering/record-id';
import type { SurvivedValue } from '../survivorship/survive';
import type { GoldenCause, GoldenEvent, GoldenEventType, MemberRef } from './golden-event';

export type GoldenStatus = 'active' | 'retired' | 'deleted';
export type SurvivedAttribute = SurvivedValue;
export type MembershipCause = 'match' | 'steward' | 'merge' | 'split' | 'delete' | 'new';

export interface MemberInfo {
  domain: string;
  sourceId: string;
}

/** The stored state of an existing golden entity, as the change starts from it. */
export interface GoldenState {
  version: number;
  /** Creation time in ms: the oldest entity survives a merge. */
  createdAt: number;
  attributes: Record<string, SurvivedAttribute>;
}

export interface MembershipChange {
  recordId: string;
  goldenId: string;
  domain: string;
  sourceId: string;
  cause: MembershipCause;
}

export interface ChangeInput {
  entityType: string;
  plan: IdPlan;
  /** Golden id of every record before the change (records deleted in this change included). */
  prior: ReadonlyMap<string, string>;
  /** Every record that appears in the plan or in prior. */
  info: ReadonlyMap<string, MemberInfo>;
  /** Locked state of every existing golden entity in the plan. */
  goldens: ReadonlyMap<string, GoldenState>;
  /** Survived attributes after the change, per active golden id. */
  attributes: ReadonlyMap<string, Record<string, SurvivedAttribute>>;
  cause: GoldenCause;
  now: Date;
  /** Event ids (random UUIDs in the service, a counter in tests). */
  newId: () => string;
}

export interface GoldenUpdate {
  goldenId: string;
  status: GoldenStatus;
  version: number;
  survivorId: string | null;
  attributes: Record<string, SurvivedAttribute>;
  memberCount: number;
}

export interface ChangeOutput {
  created: Array<{ goldenId: string; splitFrom: string | null }>;
  updates: GoldenUpdate[];
  memberships: MembershipChange[];
  events: GoldenEvent[];
  /** Final golden id of every record in the plan. */
  assignment: Map<string, string>;
}

/** jsonb hands stored objects back in its own key order: compared as canonical JSON. */
const sameJson = (x: unknown, y: unknown): boolean => canonicalJson(x) === canonicalJson(y);
const values = (attributes: Record<string, SurvivedAttribute>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, v.value]));

/**
 * Turns an id plan into the rows to write and the golden events to publish, in the order a
 * subscriber should apply them: per golden id created → merged → split → member-added →
 * member-removed → attributes-changed (or deleted), each with the next version number.
 */
export function buildGoldenChanges(input: ChangeInput): ChangeOutput {
  const { plan, prior, info, goldens, cause, now } = input;
  const ref = (recordId: string): MemberRef => ({
    domain: info.get(recordId)!.domain,
    sourceId: info.get(recordId)!.sourceId,
  });
  const refs = (ids: Iterable<string>): MemberRef[] => [...ids].sort(compareRecordIds).map(ref);
  const priorMembers = new Map<string, Set<string>>();
  for (const [recordId, goldenId] of prior) {
    if (!priorMembers.has(goldenId)) priorMembers.set(goldenId, new Set());
    priorMembers.get(goldenId)!.add(recordId);
  }
  const assignment = new Map<string, string>();
  for (const c of plan.clusters) for (const m of c.members) assignment.set(m, c.goldenId);
  const retiredInto = new Map(plan.retired.map((r) => [r.goldenId, r.survivorId]));
  const splitChildren = new Map<string, string[]>();
  for (const c of plan.clusters) {
    if (c.splitFrom && goldens.has(c.splitFrom)) {
      if (!splitChildren.has(c.splitFrom)) splitChildren.set(c.splitFrom, []);
      splitChildren.get(c.splitFrom)!.push(c.goldenId);
    }
  }

  const events: GoldenEvent[] = [];
  const versions = new Map<string, number>();
  const emit = (
    goldenId: string,
    type: GoldenEventType,
    members: string[],
    extra: Partial<GoldenEvent> = {},
  ): void => {
    const version = (versions.get(goldenId) ?? goldens.get(goldenId)?.version ?? 0) + 1;
    versions.set(goldenId, version);
    events.push({
      eventId: input.newId(),
      type,
      goldenId,
      entityType: input.entityType,
      version,
      occurredAt: now.toISOString(),
      cause,
      members: refs(members),
      ...extra,
    });
  };

  /** Why a record joined its (new) golden entity, as kept in its membership interval. */
  const membershipCause = (recordId: string, c: IdPlan['clusters'][number]): MembershipCause => {
    const from = prior.get(recordId);
    if (cause === 'steward') return 'steward';
    if (from === undefined) return c.members.length > 1 ? 'match' : 'new';
    if (retiredInto.get(from) === c.goldenId) return 'merge';
    if (c.splitFrom === from) return 'split';
    return 'match';
  };

  const created: ChangeOutput['created'] = [];
  const updates: GoldenUpdate[] = [];
  const memberships: MembershipChange[] = [];

  for (const c of plan.clusters) {
    const before = c.isNew ? new Set<string>() : (priorMembers.get(c.goldenId) ?? new Set<string>());
    const after = new Set(c.members);
    const after_attributes = input.attributes.get(c.goldenId) ?? {};
    const added = c.members.filter((m) => !before.has(m));
    const removed = [...before].filter((m) => !after.has(m));
    if (c.isNew) {
      created.push({ goldenId: c.goldenId, splitFrom: c.splitFrom ?? null });
      emit(c.goldenId, 'golden.created', c.members, {
        ...(c.splitFrom && { splitFrom: c.splitFrom }),
        after: values(after_attributes),
      });
    }
    if (c.absorbed.length > 0)
      emit(c.goldenId, 'golden.merged', c.members, { survivorId: c.goldenId, retiredIds: c.absorbed });
    const children = splitChildren.get(c.goldenId);
    if (children) emit(c.goldenId, 'golden.split', c.members, { newIds: children });
    if (!c.isNew && added.length > 0)
      emit(c.goldenId, 'golden.member-added', c.members, { added: refs(added) });
    if (removed.length > 0) emit(c.goldenId, 'golden.member-removed', c.members, { removed: refs(removed) });
    const before_attributes = goldens.get(c.goldenId)?.attributes ?? {};
    if (!c.isNew && !sameJson(values(before_attributes), values(after_attributes))) {
      emit(c.goldenId, 'golden.attributes-changed', c.members, {
        before: values(before_attributes),
        after: values(after_attributes),
      });
    }
    for (const m of added) {
      memberships.push({ recordId: m, goldenId: c.goldenId, ...info.get(m)!, cause: membershipCause(m, c) });
    }
    const version = versions.get(c.goldenId) ?? goldens.get(c.goldenId)?.version ?? 0;
    if (c.isNew || version !== goldens.get(c.goldenId)?.version) {
      updates.push({
        goldenId: c.goldenId,
        status: 'active',
        version,
        survivorId: null,
        attributes: after_attributes,
        memberCount: c.members.length,
      });
    }
  }

  for (const { goldenId, survivorId } of plan.retired) {
    emit(goldenId, 'golden.merged', [], { survivorId, retiredIds: [goldenId] });
    updates.push({
      goldenId,
      status: 'retired',
      version: versions.get(goldenId)!,
      survivorId,
      attributes: {},
      memberCount: 0,
    });
  }
  for (const goldenId of plan.deleted) {
    if (!goldens.has(goldenId)) continue;
    emit(goldenId, 'golden.deleted', [], { removed: refs(priorMembers.get(goldenId) ?? []) });
    updates.push({
      goldenId,
      status: 'deleted',
      version: versions.get(goldenId)!,
      survivorId: null,
      attributes: {},
      memberCount: 0,
    });
  }
  return { created, updates, memberships, events, assignment };
}
