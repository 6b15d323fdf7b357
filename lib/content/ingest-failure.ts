import { RequestError } from '../messaging/request-client';
import { type DeliveryFailure, refusedField } from '../reader/delivery';

/**
 * Why the background did not take a page batch: it refused it (invalid input: drop it and
 * name the field), the disk is full (keep everything, wait for space), or anything else
 * (the worker is gone or restarting: send it again).
 */
export function classifyIngestFailure(error: unknown): { kind: DeliveryFailure; field?: string } {
  if (error instanceof RequestError && error.code === 'invalid-input') return { kind: 'refused', field: refusedField(error.message) };
  if (error instanceof RequestError && error.code === 'quota') return { kind: 'quota' };
  return { kind: 'retry' };
}
