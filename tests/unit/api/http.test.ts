import { z } from 'zod';
import {
  BadRequestError,
  enumParam,
  httpHandler,
  intParam,
  isoParam,
  ok,
  parseParams,
} from '../../../functions/shared/http';
import { logger } from '../../../functions/shared/powertools';
import { apiEvent, body, context, expectNoLeak } from './support/fixtures';

const schema = z.object({
  limit: intParam(1, 50, 7),
  mode: enumParam(['a', 'b'], 'a'),
  at: isoParam(),
});

describe('parseParams', () => {
  it('applies defaults and ignores unknown parameters', () => {
    expect(parseParams(schema, undefined)).toEqual({ limit: 7, mode: 'a' });
    expect(parseParams(schema, { limit: '50', mode: ' b ', other: 'x' })).toEqual({
      limit: 50,
      mode: 'b',
    });
  });

  it('parses ISO date-times with Z or an offset into instants', () => {
    expect(parseParams(schema, { at: '2026-11-22T14:00:00.123+01:00' }).at?.toISOString()).toBe(
      '2026-11-22T13:00:00.123Z',
    );
  });

  it.each([
    [{ limit: '51' }, 'limit must be an integer between 1 and 50'],
    [{ limit: '007x' }, 'limit must be an integer between 1 and 50'],
    [{ limit: '9999999999' }, 'limit must be an integer between 1 and 50'],
    [{ mode: 'c' }, 'mode must be one of a, b'],
    [{ at: '2026-11-22 14:00:00Z' }, /^at must be an ISO 8601 date-time/],
    [{ at: '1e12' }, /^at must be an ISO 8601 date-time/],
  ])('names the parameter of %j', (params, message) => {
    expect(() => parseParams(schema, params)).toThrow(BadRequestError);
    expect(() => parseParams(schema, params)).toThrow(message);
  });
});

describe('httpHandler', () => {
  const event = apiEvent('stats.json');

  it('passes a result through', async () => {
    const res = await httpHandler(async () => ok({ a: 1 }))(event, context);
    expect(res).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=5' },
      body: '{"a":1}',
    });
  });

  it('maps BadRequestError to 400 with its message', async () => {
    const res = await httpHandler(async () => {
      throw new BadRequestError('limit must be small');
    })(event, context);
    expect(res.statusCode).toBe(400);
    expect(body(res)).toEqual({ message: 'limit must be small' });
  });

  it('logs anything else and answers 500 with only the request id', async () => {
    const error = jest.spyOn(logger, 'error');
    const failure = new Error('secret table name StatsTable-prod in a message');
    const res = await httpHandler(async () => {
      throw failure;
    })(event, context);
    expect(res.statusCode).toBe(500);
    expect(body(res)).toEqual({ message: 'Internal error', requestId: context.awsRequestId });
    expect(res.body).not.toContain('secret');
    expectNoLeak(res);
    expect(error).toHaveBeenCalledWith(
      'Unhandled error',
      expect.objectContaining({ error: failure }),
    );
    error.mockRestore();
  });

  it('falls back to the API Gateway request id without a Lambda context', async () => {
    const res = await httpHandler(async () => {
      throw new Error('x');
    })(event, undefined as never);
    expect(body(res)).toEqual({
      message: 'Internal error',
      requestId: event.requestContext.requestId,
    });
  });
});
