/**
 * What the fake knows of eBay's contracts: the official OpenAPI documents (copied from eBay's developer portal
 * into ./contracts), each mounted at its base path and checked with openapi-backend (routing by operationId and
 * request validation with ajv). Where the fake departs from a document, it is said here:
 * - Inventory: `getOffers` answers 404 (errorId 25713) for a SKU without an offer, as eBay does (S), where the
 *   document only lists 400; SKUs must be strictly alphanumeric (25707), stricter than the document's "≤50".
 * - The documents put `$ref` beside `description` (OAS 3.1 style in 3.0 files): they are loaded without a
 *   meta-schema check (`quick`), which changes nothing of how requests are validated.
 * - Inventory: `Product.aspects` is typed `string` in the document, but eBay takes (and EBAY.md shows) an object
 *   of aspect names to arrays of values; the fake checks that shape instead.
 * - The Identity API (`GET /commerce/identity/v1/user/`) and the OAuth token endpoint have no document here; the
 *   fake checks them by hand, per EBAY.md.
 */
import { OpenAPIBackend, Request as OpenApiRequest } from 'openapi-backend';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';

export interface MountedContract {
  name: string;
  basePath: string;
  api: OpenAPIBackend;
}

const DOCUMENTS = [
  'sell_inventory_v1_oas3.json',
  'sell_account_v1_oas3.json',
  'sell_fulfillment_v1_oas3.json',
  'commerce_taxonomy_v1_oas3.yaml',
  'commerce_notification_v1_oas3.json',
];

let loaded: Promise<MountedContract[]> | undefined;

interface Definition {
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

/** The departures listed above, applied to the parsed documents. */
function patch(file: string, definition: Definition): void {
  const product = definition.components?.schemas?.Product?.properties;
  if (file.startsWith('sell_inventory') && product) {
    product.aspects = {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string', maxLength: 65 }, maxItems: 30 },
    };
  }
}

/** Every document, parsed and initialised once per process (the inventory one is large). */
export function contracts(): Promise<MountedContract[]> {
  loaded ??= Promise.all(
    DOCUMENTS.map(async (file) => {
      const text = readFileSync(path.join(__dirname, 'contracts', file), 'utf8');
      const definition = (file.endsWith('.json') ? JSON.parse(text) : load(text)) as {
        servers: { variables: { basePath: { default: string } } }[];
      };
      patch(file, definition as unknown as Definition);
      const api = new OpenAPIBackend({
        definition: definition as never,
        quick: true,
        validate: true,
        ajvOpts: { strict: false },
      });
      await api.init();
      return { name: file, basePath: definition.servers[0].variables.basePath.default, api };
    }),
  );
  return loaded;
}

export interface Matched {
  contract: MountedContract;
  operationId: string;
  params: Record<string, string>;
  /** Contract violations of the request (empty when it is valid). */
  errors: string[];
}

/** The document and operation a request is for, and what it breaks of the document. */
export function match(
  all: MountedContract[],
  request: {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    body: unknown;
  },
): Matched | undefined {
  const contract = all.find((c) => request.path.startsWith(c.basePath));
  if (!contract) return undefined;
  const req: OpenApiRequest = {
    method: request.method,
    path: request.path.slice(contract.basePath.length) || '/',
    query: request.query,
    headers: request.headers,
    body: request.body,
  };
  const operation = contract.api.matchOperation(req);
  if (!operation?.operationId) return undefined;
  const result = contract.api.validateRequest(req, operation);
  const params = contract.api.router.parseRequest(req, operation).params as Record<string, string>;
  return {
    contract,
    operationId: operation.operationId,
    params,
    errors: (result.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`),
  };
}
