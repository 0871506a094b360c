import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

/**
 * Powertools' persistence layer in memory, with the DynamoDB layer's claim condition: a key can be taken
 * when it has no record, its record expired, or its in-progress record outlived its invocation.
 */
export class InMemoryIdempotencyStore extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();
  failPut?: Error;
  failUpdate?: Error;

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    if (this.failPut) throw this.failPut;
    const existing = this.records.get(record.idempotencyKey);
    const now = Date.now();
    const free =
      !existing ||
      (existing.expiryTimestamp !== undefined && existing.expiryTimestamp < now / 1000) ||
      (existing.getStatus() === IdempotencyRecordStatus.INPROGRESS &&
        existing.inProgressExpiryTimestamp !== undefined &&
        existing.inProgressExpiryTimestamp < now);
    if (!free) throw new IdempotencyItemAlreadyExistsError('taken', copy(existing));
    this.records.set(record.idempotencyKey, copy(record));
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError();
    return copy(record);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    if (this.failUpdate) throw this.failUpdate;
    const existing = this.records.get(record.idempotencyKey);
    this.records.set(
      record.idempotencyKey,
      new IdempotencyRecord({
        idempotencyKey: record.idempotencyKey,
        status: record.getStatus(),
        expiryTimestamp: record.expiryTimestamp,
        inProgressExpiryTimestamp: existing?.inProgressExpiryTimestamp,
        responseData: record.responseData,
        payloadHash: record.payloadHash,
      }),
    );
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

function copy(record: IdempotencyRecord): IdempotencyRecord {
  return new IdempotencyRecord({
    idempotencyKey: record.idempotencyKey,
    // As stored, not as getStatus() reads it now (EXPIRED once past its expiry).
    status: (record as unknown as { status: never }).status,
    expiryTimestamp: record.expiryTimestamp,
    inProgressExpiryTimestamp: record.inProgressExpiryTimestamp,
    responseData: record.responseData,
    payloadHash: record.payloadHash,
  });
}
