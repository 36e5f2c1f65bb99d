import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { createOperationExecutor, type OperationToRun } from "../../src/graphql/compiled-executor.ts";

// The server imports graphql-jit after its first answer (its modules held up the first request of a start).
describe("the operation executor given loadAfter", () => {
  it("compiles nothing until loadAfter settles: graphql-js answers until then", async () => {
    await import("graphql-jit"); // already loaded: only loadAfter holds it back
    const schema = buildSchema("type Query { hello: String }");
    let release = () => {};
    const loadAfter = new Promise<void>((resolve) => (release = resolve));
    const executor = createOperationExecutor(schema, { compile: true, loadAfter });
    const document = parse("{ hello }");
    const op: OperationToRun = {
      document,
      operation: document.definitions[0] as OperationDefinitionNode,
      operationName: undefined,
      variables: {},
      context: {},
    };
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await executor.run(op)).toEqual({ data: { hello: null } });
    expect(executor.stats()).toMatchObject({ compiled: 0, interpreted: 1 });
    release();
    await executor.ready();
    expect(await executor.run(op)).toEqual({ data: { hello: null } });
    expect(executor.stats()).toMatchObject({ compiled: 1, interpreted: 1 });
  });
});
