import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { createOperationExecutor } from "../../src/graphql/compiled-executor.ts";

// graphql-jit failing to load (a broken install): graphql-js answers, and ready() says why.
vi.mock("graphql-jit", () => {
  throw new Error("graphql-jit is broken");
});

describe("the operation executor without graphql-jit", () => {
  it("answers every query through graphql-js, and ready() rejects with the load error", async () => {
    const schema = buildSchema("type Query { hello: String }");
    const executor = createOperationExecutor(schema, { compile: true });
    await expect(executor.ready()).rejects.toThrow();
    const document = parse("{ hello }");
    const operation = document.definitions[0] as OperationDefinitionNode;
    const result = await executor.run({ document, operation, operationName: undefined, variables: {}, context: {} });
    expect(result).toEqual({ data: { hello: null } });
    expect(executor.stats()).toMatchObject({ compiled: 0, interpreted: 1 });
  });
});
