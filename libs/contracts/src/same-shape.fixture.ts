/**
 * Compile-time checks that a zod schema's type and a library type describe the same
 * values (readonly-ness aside). Used by the specs: a drift fails `tsc`.
 */
export type DeepWritable<T> = T extends readonly (infer U)[]
  ? DeepWritable<U>[]
  : T extends Float32Array
    ? T
    : T extends object
      ? { -readonly [K in keyof T]: DeepWritable<T[K]> }
      : T;

/** `true` when each of A and B is assignable to the other, after dropping readonly. */
export type SameShape<A, B> = [DeepWritable<A>] extends [DeepWritable<B>]
  ? [DeepWritable<B>] extends [DeepWritable<A>]
    ? true
    : false
  : false;
