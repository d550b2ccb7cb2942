import type { ObjectContent } from './property-collector';
import { moRef, text1, type MoRef } from './soap-xml';

/** Values read from a `<val>` element. */
export const val = {
  str(objects: ObjectContent, path: string): string | undefined {
    const node = objects.props.get(path);
    const value = text1(node)?.trim();
    return value === undefined || value === '' ? undefined : value;
  },
  num(objects: ObjectContent, path: string): number | undefined {
    return toNumber(val.str(objects, path));
  },
  bool(objects: ObjectContent, path: string): boolean | undefined {
    return toBool(val.str(objects, path));
  },
  ref(objects: ObjectContent, path: string): MoRef | undefined {
    return moRef(objects.props.get(path));
  },
};

export function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

export function toBool(text: string | undefined): boolean | undefined {
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

export function nonBlank(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** Drops undefined fields, so records compare and serialise without `key: undefined`. */
export function compact<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
