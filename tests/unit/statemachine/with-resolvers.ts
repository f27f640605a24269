// aws-local-stepfunctions 3.0.0 calls Promise.withResolvers, which Node 20 lacks (Node 22 has
// it). Imported before the interpreter so every Task state can use it.
type Resolvers = {
  promise: Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};
const P = Promise as unknown as { withResolvers?: () => Resolvers };

if (typeof P.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers(): Resolvers {
      let resolve!: Resolvers['resolve'];
      let reject!: Resolvers['reject'];
      const promise = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
