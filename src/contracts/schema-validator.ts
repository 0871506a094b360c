/**
 * The shape of a validator generated from a contract's JSON Schema (scripts/contracts/generate-validators.ts):
 * Ajv's standalone code, which reports the first problem it finds in `errors`.
 */
export interface SchemaError {
  /** JSON Pointer to the offending value, e.g. "/totalAmount"; "" for the value itself. */
  instancePath: string;
  /** Where in the schema the failed rule is, e.g. "#/properties/totalAmount/pattern". */
  schemaPath: string;
  /** The failed rule: "required", "type", "pattern", "maxLength", "const", … */
  keyword: string;
  /** The rule's parameters, e.g. `{ missingProperty: "orderId" }` for "required". */
  params: Record<string, unknown>;
}

export interface SchemaValidator {
  (data: unknown): boolean;
  /** The problem found by the last call that returned false. */
  errors?: SchemaError[] | null;
}
