import { MikroORM } from '@mikro-orm/postgresql';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer, register, Registered } from '../helpers/auth';
import { sql } from '../helpers/tenants';

export interface Seller extends Registered {
  headers: Record<string, string>;
}

/** A fresh user (and tenant) on the given tier ('business' has no product limit). */
export async function seller(app: NestFastifyApplication, tier = 'business'): Promise<Seller> {
  const user = await register(app);
  await sql(app).execute('update public.users set tier = ? where id = ?', [tier, user.id]);
  return { ...user, headers: bearer(user.accessToken) };
}

/** The id of a reference row by its stable code. */
export async function attributeId(app: NestFastifyApplication, table: string, code: string): Promise<number> {
  const [row] = await sql(app).execute<{ id: number }[]>(`select id from product_attributes.${table} where code = ?`, [
    code,
  ]);
  if (!row) throw new Error(`no ${table} ${code}`);
  return row.id;
}

export function createProduct(app: NestFastifyApplication, who: Seller, payload: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/products',
    headers: who.headers,
    payload: { title: 'Vintage denim jacket', price: '25.00', ...payload },
  });
}

export async function newProduct(
  app: NestFastifyApplication,
  who: Seller,
  payload: Record<string, unknown> = {},
): Promise<ProductBody> {
  const res = await createProduct(app, who, payload);
  if (res.statusCode !== 201) throw new Error(`create answered ${res.statusCode}: ${res.body}`);
  return res.json<ProductBody>();
}

export function getProduct(app: NestFastifyApplication, who: Seller, id: string) {
  return app.inject({ method: 'GET', url: `/api/products/${id}`, headers: who.headers });
}

export function patchProduct(
  app: NestFastifyApplication,
  who: Seller,
  id: string,
  payload: Record<string, unknown>,
  ifMatch?: string,
) {
  return app.inject({
    method: 'PATCH',
    url: `/api/products/${id}`,
    headers: { ...who.headers, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    payload,
  });
}

export interface ProductBody {
  id: string;
  sku: string;
  title: string;
  description: string;
  price: string;
  currency: string;
  status: string;
  stockQuantity: number;
  version: number;
  brandId: number | null;
  categoryId: number | null;
  colorIds: number[];
  materialIds: number[];
  images: unknown[];
  listings: { marketplace: string; status: string; externalId: string | null; url: string | null }[];
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: { field?: string; issue: string }[] };
}

/** Counts the SQL statements the ORM connection runs while `work` runs (transaction control included). */
export async function countQueries<T>(app: NestFastifyApplication, work: () => Promise<T>): Promise<[T, string[]]> {
  const connection = app.get(MikroORM).em.getConnection();
  const seen: string[] = [];
  const original = connection.execute.bind(connection);
  const spy = jest.spyOn(connection, 'execute').mockImplementation(((query: unknown, ...rest: unknown[]) => {
    seen.push(typeof query === 'string' ? query : String(query));
    return (original as (...args: unknown[]) => unknown)(query, ...rest);
  }) as typeof connection.execute);
  try {
    return [await work(), seen];
  } finally {
    spy.mockRestore();
  }
}
