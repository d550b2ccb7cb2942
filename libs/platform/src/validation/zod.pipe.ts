import { Body, Query, type PipeTransform } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';
import { validationError } from '../errors/app-error';

/**
 * Validates (and transforms) one handler argument with a zod schema, usually a
 * contract's; on failure it throws BAD_REQUEST naming every bad field, which the
 * exception filter turns into a 400 or a NATS error reply — one code path for both.
 */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly where = 'input',
  ) {}

  transform(value: unknown): T {
    const result = this.schema.safeParse(value);
    if (!result.success) throw validationError(this.where, result.error);
    return result.data;
  }
}

/** The request body, validated by `schema` and documented in the OpenAPI document. */
export function ZodBody<T>(schema: z.ZodType<T>): ParameterDecorator {
  const validate = Body(new ZodValidationPipe(schema, 'body'));
  return (target, key, index) => {
    validate(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiBody({ schema: jsonSchema(schema) })(target, key, descriptor);
  };
}

/** The query string, validated by `schema` (use `z.coerce` for numbers). */
export function ZodQuery<T>(schema: z.ZodType<T>): ParameterDecorator {
  return Query(new ZodValidationPipe(schema, 'query'));
}

/** A NATS request payload, validated by `schema` (a contract's `request`). */
export function ZodPayload<T>(schema: z.ZodType<T>): ParameterDecorator {
  return Payload(new ZodValidationPipe(schema, 'payload'));
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  try {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    return rest;
  } catch {
    return { type: 'object' };
  }
}
