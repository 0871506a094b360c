import { HttpError } from '../../../../../functions/shared/middleware/http-error';
import { toResponse } from '../../../../../functions/shared/middleware/http-errors.middleware';
import {
  ConflictError,
  DependencyUnavailableError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '../../../../../src/shared/domain/domain-error';

class AmountInvalid extends ValidationError {
  readonly code = 'INVALID_AMOUNT';
}
class ThingNotFound extends NotFoundError {
  readonly code = 'THING_NOT_FOUND';
}
class UnknownOwner extends UnprocessableError {
  readonly code = 'OWNER_NOT_FOUND';
}
class ThingExists extends ConflictError {
  readonly code = 'THING_EXISTS';
}
class DirectoryDown extends DependencyUnavailableError {
  readonly code = 'DIRECTORY_UNAVAILABLE';
}

describe('toResponse', () => {
  it('maps a validation error to 400 naming the field', () => {
    expect(toResponse(new AmountInvalid('totalAmount must be positive', 'totalAmount'))).toEqual({
      statusCode: 400,
      body: { code: 'INVALID_AMOUNT', message: 'totalAmount must be positive', field: 'totalAmount' },
    });
  });

  it('maps not found to 404, conflict to 409 and HTTP errors to their own status', () => {
    expect(toResponse(new ThingNotFound('no such thing')).statusCode).toBe(404);
    expect(toResponse(new ThingExists('already there')).statusCode).toBe(409);
    expect(toResponse(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'json only')).statusCode).toBe(415);
  });

  it('maps a reference to something missing to 422 naming the field', () => {
    expect(toResponse(new UnknownOwner('no owner with that id', 'ownerId'))).toEqual({
      statusCode: 422,
      body: { code: 'OWNER_NOT_FOUND', message: 'no owner with that id', field: 'ownerId' },
    });
  });

  it('maps an unavailable dependency to 503 with Retry-After', () => {
    expect(toResponse(new DirectoryDown('user-service timed out', 7))).toEqual({
      statusCode: 503,
      body: { code: 'DIRECTORY_UNAVAILABLE', message: 'user-service timed out' },
      headers: { 'retry-after': '7' },
    });
  });

  it('hides the details of anything unexpected behind a generic 500', () => {
    const response = toResponse(new TypeError('cannot read properties of undefined (secret detail)'));

    expect(response).toEqual({
      statusCode: 500,
      body: { code: 'INTERNAL_ERROR', message: 'the request could not be completed' },
    });
  });
});
