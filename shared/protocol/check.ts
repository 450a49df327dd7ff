/**
 * Small validators for untrusted structured data on a hot path. Each validator checks a
 * value in place and returns null when it is valid, or a Failure naming where and why it
 * is not. Nothing is copied and nothing is allocated for a valid value: the relay checks
 * every message a replica process sends, tens of thousands a second, and a parsing
 * library that rebuilds each object was a fifth of the relay's allocations.
 *
 * Objects are strict (an unknown key fails), and a validator's TypeScript type is
 * inferred from it, so the checks and the types cannot drift apart.
 */

export interface Failure {
  path: (string | number)[];
  message: string;
}

export interface Check<T> {
  (v: unknown): Failure | null;
  /** Phantom: the type a value has once this check passed. */
  readonly _type?: T;
}

export type Infer<C> = C extends Check<infer T> ? T : never;

const failure = (message: string): Failure => ({ path: [], message });

function at(key: string | number, f: Failure): Failure {
  f.path.unshift(key);
  return f;
}

/** "sends.3.msg.client: expected an integer from 1 to 1000" */
export function describeFailure(f: Failure): string {
  return `${f.path.join('.') || 'message'}: ${f.message}`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function integer(min: number, max: number = Number.MAX_SAFE_INTEGER): Check<number> {
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : failure(`expected an integer from ${min} to ${max}, got ${preview(v)}`));
}

export function boolean(): Check<boolean> {
  return (v) => (typeof v === 'boolean' ? null : failure(`expected true or false, got ${preview(v)}`));
}

export function number(min: number = -Number.MAX_VALUE): Check<number> {
  return (v) => (typeof v === 'number' && Number.isFinite(v) && v >= min ? null : failure(`expected a number of at least ${min}, got ${preview(v)}`));
}

export function string(maxLength: number): Check<string> {
  return (v) => {
    if (typeof v !== 'string') return failure(`expected a string, got ${kindOf(v)}`);
    return v.length <= maxLength ? null : failure(`text longer than ${maxLength} characters (${v.length})`);
  };
}

/** A short string matching re (T narrows it, e.g. to a template literal type re describes). */
export function pattern<T extends string = string>(re: RegExp, what: string): Check<T> {
  return (v) => (typeof v === 'string' && v.length <= 64 && re.test(v) ? null : failure(`not ${what}: ${preview(v)}`));
}

export function literal<const T extends string | number | boolean>(value: T): Check<T> {
  return (v) => (v === value ? null : failure(`expected ${JSON.stringify(value)}, got ${preview(v)}`));
}

export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (v) => ((values as readonly unknown[]).includes(v) ? null : failure(`expected one of ${values.join(', ')}, got ${preview(v)}`));
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v) => (v === null ? null : check(v));
}

export function array<T>(item: Check<T>, maxItems: number): Check<T[]> {
  return (v) => {
    if (!Array.isArray(v)) return failure(`expected an array, got ${kindOf(v)}`);
    if (v.length > maxItems) return failure(`more than ${maxItems} items (${v.length})`);
    for (let i = 0; i < v.length; i++) {
      const f = item(v[i]);
      if (f) return at(i, f);
    }
    return null;
  };
}

export function tuple<A, B>(a: Check<A>, b: Check<B>): Check<[A, B]> {
  return (v) => {
    if (!Array.isArray(v) || v.length !== 2) return failure(`expected a pair, got ${kindOf(v)}`);
    const f = a(v[0]);
    if (f) return at(0, f);
    const g = b(v[1]);
    return g ? at(1, g) : null;
  };
}

type Shape = Record<string, Check<unknown>>;
export type ObjectOf<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

/** A plain object with exactly these keys (each required; unknown keys fail). */
export function object<const S extends Shape>(shape: S): Check<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const checks = keys.map((k) => shape[k] as Check<unknown>);
  return (v) => {
    if (!isPlainObject(v)) return failure(`expected an object, got ${kindOf(v)}`);
    // At most keys.length known keys come before an unknown one: this loop is short.
    for (const k in v) if (!Object.hasOwn(shape, k)) return failure(`unexpected key ${JSON.stringify(k.slice(0, 40))}`);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (!Object.hasOwn(v, key)) return at(key, failure('missing'));
      const f = (checks[i] as Check<unknown>)(v[key]);
      if (f) return at(key, f);
    }
    return null;
  };
}

/** One of several objects told apart by the string in `tag`. */
export function variants<const Tag extends string, const V extends Record<string, Check<unknown>>>(tag: Tag, byTag: V): Check<Infer<V[keyof V]>> {
  const table = new Map<unknown, Check<unknown>>(Object.entries(byTag));
  return (v) => {
    if (!isPlainObject(v)) return failure(`expected an object, got ${kindOf(v)}`);
    const check = table.get(v[tag]);
    if (!check) return at(tag, failure(`unknown ${tag} ${preview(v[tag])}`));
    return check(v);
  };
}

/** Plain JSON within bounds: depth 8, strings of 10,000 characters, 10,000 items a level. */
export function boundedJson(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v === 'string') return v.length <= 10_000;
  if (depth >= 8) return false;
  if (Array.isArray(v)) {
    if (v.length > 10_000) return false;
    for (const x of v) if (!boundedJson(x, depth + 1)) return false;
    return true;
  }
  if (!isPlainObject(v)) return false;
  let count = 0;
  for (const k in v) {
    if (++count > 10_000 || k.length > 200 || !boundedJson(v[k], depth + 1)) return false;
  }
  return true;
}

export function custom<T>(test: (v: unknown) => boolean, message: string): Check<T> {
  return (v) => (test(v) ? null : failure(message));
}

function preview(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return kindOf(v);
}
