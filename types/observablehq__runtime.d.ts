// Hand-written types for @observablehq/runtime 6, which ships none. Only the public API the
// engine uses, plus the few internals it reads (marked), typed from the 6.0.1 sources.
declare module "@observablehq/runtime" {
  export interface Observer<T = unknown> {
    /** A new computation of the variable started. */
    pending?(): void;
    /** The variable has a new value (each yield, for generators). */
    fulfilled?(value: T, name: string | null): void;
    rejected?(error: unknown, name: string | null): void;
  }

  export type Definition = (this: unknown, ...inputs: any[]) => unknown;

  export class Variable {
    define(definition: Definition | unknown): this;
    define(name: string | null, definition: Definition | unknown): this;
    define(inputs: readonly string[], definition: Definition): this;
    define(name: string | null, inputs: readonly string[], definition: Definition | unknown): this;
    import(name: string, module: Module): this;
    import(remote: string, name: string, module: Module): this;
    /** Removes the variable's name and definition; dependents see the name as undefined. */
    delete(): this;
    /** Internal: the promise of the current computation's value. */
    readonly _promise: Promise<unknown>;
    /** Internal: the variable's name, if any. */
    readonly _name: string | null;
  }

  export class Module {
    variable(
      observer?: Observer | true,
      options?: { shadow?: Record<string, Definition> },
    ): Variable;
    define(
      name: string | null,
      inputs: readonly string[],
      definition: Definition | unknown,
    ): Variable;
    redefine(name: string, inputs: readonly string[], definition: Definition | unknown): Variable;
    import(name: string, module: Module): Variable;
    /** Resolves to the next value of the named variable (computing it if unobserved). */
    value(name: string): Promise<unknown>;
    builtin(name: string, value: unknown): void;
  }

  export class Runtime {
    /**
     * @param builtins values or definitions (functions, computed lazily) every module sees
     * @param global resolves names nothing defines; must throw for unknown names
     */
    constructor(builtins?: Record<string, unknown>, global?: (name: string) => unknown);
    module(): Module;
    module(
      define: (runtime: Runtime, observer: (name?: string) => Observer | undefined) => void,
      observer?: (name?: string) => Observer | undefined,
    ): Module;
    dispose(): void;
    /** Internal: resolves when the pending computation round finishes. */
    _compute(): Promise<void>;
  }

  export class RuntimeError extends Error {
    constructor(message: string, input?: string);
    input?: string;
  }
}

declare module "@observablehq/inspector" {
  export class Inspector {
    constructor(node: Element);
    pending(): void;
    fulfilled(value: unknown, name?: string | null): void;
    rejected(error: unknown, name?: string | null): void;
    static into(container: Element | string): () => Inspector;
  }
}
