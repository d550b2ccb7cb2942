import { prefixed, replySchema, type RequestContract } from '@vplan/contracts';
import {
  ErrorCode as NatsErrorCode,
  headers as natsHeaders,
  type NatsConnection,
  NatsError,
} from 'nats';
import { AppError, validationError } from '../errors/app-error';
import { CORRELATION_HEADER, currentCorrelationId, newCorrelationId } from '../logging/correlation';
import { decodeJson, encodeJson } from './reply';

export interface ServiceClientOptions {
  readonly connection: NatsConnection;
  /** Subject prefix (`VPLAN_PREFIX`), as the called service uses. */
  readonly prefix: string;
  /** Default timeout per request, in ms. */
  readonly timeoutMs: number;
}

/**
 * Calls other services over NATS request/reply through their contracts: the request is
 * validated before it leaves, the reply is checked against the contract's response, the
 * current correlation id travels in the `x-correlation-id` header, and every failure is
 * an {@link AppError} — the remote error as sent, TIMEOUT when nobody answered in time,
 * UNAVAILABLE when no replica is subscribed, INTERNAL for a reply that breaks the contract.
 */
export class ServiceClient {
  constructor(private readonly options: ServiceClientOptions) {}

  async request<Req, Res, ReqIn>(
    contract: RequestContract<Req, Res, ReqIn, unknown>,
    request: ReqIn,
    opts: { readonly timeoutMs?: number } = {},
  ): Promise<Res> {
    const checked = contract.request.safeParse(request);
    if (!checked.success) throw validationError(`request to ${contract.subject}`, checked.error);
    const subject = prefixed(this.options.prefix, contract.subject);
    const h = natsHeaders();
    h.set(CORRELATION_HEADER, currentCorrelationId() ?? newCorrelationId());
    const timeout = opts.timeoutMs ?? this.options.timeoutMs;
    let bytes: Uint8Array;
    try {
      const msg = await this.options.connection.request(subject, encodeJson(checked.data), {
        timeout,
        headers: h,
      });
      bytes = msg.data;
    } catch (err) {
      throw requestFailure(err, contract.subject, timeout);
    }
    let body: unknown;
    try {
      body = decodeJson(bytes);
    } catch {
      throw new AppError('INTERNAL', `${contract.subject}: reply is not valid JSON`);
    }
    const reply = replySchema(contract.response).safeParse(body);
    if (!reply.success) {
      const fields = reply.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      throw new AppError('INTERNAL', `${contract.subject}: reply breaks the contract at ${fields}`);
    }
    if (!reply.data.ok) {
      const { code, message, details } = reply.data.error;
      throw new AppError(code, message, details);
    }
    return reply.data.data;
  }
}

function requestFailure(err: unknown, subject: string, timeoutMs: number): AppError {
  if (err instanceof NatsError) {
    if (err.code === NatsErrorCode.Timeout) {
      return new AppError('TIMEOUT', `${subject}: no reply within ${timeoutMs} ms`);
    }
    if (err.code === NatsErrorCode.NoResponders) {
      return new AppError('UNAVAILABLE', `${subject}: no service is listening`);
    }
    return new AppError('UNAVAILABLE', `${subject}: ${err.code}`);
  }
  return new AppError('INTERNAL', `${subject}: request failed`);
}
