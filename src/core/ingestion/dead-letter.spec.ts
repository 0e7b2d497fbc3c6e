import type { KafkaMessage } from 'kafkajs';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { deadLetterMessage } from './dead-letter';
import { deadLetterDecision } from './dead-letter.mapper';
import { InvalidEventException } from './invalid-event.exception';

describe('deadLetterDecision', () => {
  it('dead-letters an invalid event with the kind of its first problem', () => {
    const e = new InvalidEventException([
      { field: 'op', reason: 'bad', kind: 'UNKNOWN_OP' },
      { field: 'version', reason: 'bad', kind: 'INVALID_VERSION' },
    ]);
    expect(deadLetterDecision(e)).toMatchObject({ action: 'dead-letter', reason: 'UNKNOWN_OP' });
  });

  it('retries when the database is unavailable, however it says so', () => {
    expect(deadLetterDecision(new DomainException('COMMON.UNAVAILABLE', 'db down')).action).toBe('retry');
    expect(
      deadLetterDecision(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).action,
    ).toBe('retry');
    expect(deadLetterDecision(Object.assign(new Error('deadlock detected'), { code: '40P01' })).action).toBe(
      'retry',
    );
    expect(deadLetterDecision(new Error('Connection terminated unexpectedly')).action).toBe('retry');
  });

  it('sets aside an event that fails for any other reason', () => {
    expect(deadLetterDecision(Object.assign(new Error('value too long'), { code: '22001' }))).toMatchObject({
      action: 'dead-letter',
      reason: 'PROCESSING_FAILED',
    });
    expect(deadLetterDecision(new DomainException('INGESTION.EVENT_TOO_LARGE', 'x'))).toMatchObject({
      reason: 'EVENT_TOO_LARGE',
    });
  });
});

describe('deadLetterMessage', () => {
  const message: KafkaMessage = {
    key: Buffer.from('crm:customer:C-1'),
    value: Buffer.from([0xff, 0x00]),
    headers: { trace: Buffer.from('t-1') },
    offset: '41',
    timestamp: '0',
    attributes: 0,
  };

  it('keeps the original key, bytes and headers and adds the dead-letter headers', () => {
    const m = deadLetterMessage(
      {
        topic: 'changes',
        partition: 2,
        message,
        reason: 'NOT_JSON',
        detail: 'not valid JSON',
        entityType: 'unknown',
      },
      new Date('2026-11-25T10:00:00Z'),
    );
    expect(m.key).toEqual(message.key);
    expect(m.value).toBe(message.value);
    expect(m.headers).toEqual({
      trace: Buffer.from('t-1'),
      'joinery-dlq-reason': 'NOT_JSON',
      'joinery-dlq-message': 'not valid JSON',
      'joinery-dlq-source-topic': 'changes',
      'joinery-dlq-source-partition': '2',
      'joinery-dlq-source-offset': '41',
      'joinery-dlq-failed-at': '2026-11-25T10:00:00.000Z',
    });
  });

  it('never sends a null key: a keyless original is keyed by where it came from', () => {
    const m = deadLetterMessage({
      topic: 'changes',
      partition: 0,
      message: { ...message, key: null },
      reason: 'EMPTY_MESSAGE',
      detail: '',
      entityType: 'unknown',
    });
    expect(m.key).toBe('changes:0:41');
  });
});
