import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import {
  productCategoriesSchema,
  productCreateSchema,
  productListQuery,
  productListSchema,
  productPatchSchema,
  productSchema,
} from './products.schemas.ts';
import {
  archiveProduct,
  createProduct,
  findProducts,
  getProduct,
  listProductCategories,
  restoreProduct,
  updateProduct,
} from './products.service.ts';

/*
 * The office's catalog: staff and advisors read it to build invoices and quotes; staff and
 * admins keep it. Clients get 403 here: what they buy reaches them through their own
 * invoices and quotes, never the price list with its price levels.
 */
const readers = ['admin', 'staff', 'advisor'] as const;
const writers = ['admin', 'staff'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['catalog'];

export const productRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/products',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'listProducts',
        summary: 'Search and list the catalog (accent- and case-insensitive q; prices in cents)',
        querystring: productListQuery,
        response: { 200: productListSchema, ...problems },
      },
    },
    async (request) => findProducts(request.ctx, request.query),
  );

  app.post(
    '/products',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'createProduct',
        summary: 'Add a product or service to the catalog; its SKU is unique whatever its case',
        body: productCreateSchema,
        response: { 201: productSchema, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createProduct(request.ctx, request.body)),
  );

  // A static segment: matched before `/:id`, whatever the order of registration.
  app.get(
    '/products/categories',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'listProductCategories',
        summary: 'The categories of the products not archived, with their counts',
        response: { 200: productCategoriesSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => listProductCategories(request.ctx),
  );

  app.get(
    '/products/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getProduct',
        summary: 'Read one product, archived or not',
        params: idParams,
        response: { 200: productSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getProduct(request.ctx, request.params.id),
  );

  app.patch(
    '/products/:id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'updateProduct',
        summary:
          'Change a product; `prices` replaces the price levels whole. An archived one is refused (422)',
        params: idParams,
        body: productPatchSchema,
        response: {
          200: productSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => updateProduct(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/products/:id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'archiveProduct',
        summary: 'Archive a product: out of lists and new invoices, kept for the invoices that name it',
        params: idParams,
        response: { 200: productSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => archiveProduct(request.ctx, request.params.id),
  );

  app.post(
    '/products/:id/restore',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'restoreProduct',
        summary: 'Bring an archived product back into the catalog',
        params: idParams,
        response: { 200: productSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => restoreProduct(request.ctx, request.params.id),
  );
};
