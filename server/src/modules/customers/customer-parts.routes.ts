import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import {
  addressCreateSchema,
  addressListSchema,
  addressParams,
  addressPatchSchema,
  addressSchema,
} from './addresses.schemas.ts';
import { createAddress, deleteAddress, findAddresses, updateAddress } from './addresses.service.ts';
import {
  contactCreateSchema,
  contactListSchema,
  contactParams,
  contactPatchSchema,
  contactSchema,
} from './contacts.schemas.ts';
import { createContact, deleteContact, findContacts, updateContact } from './contacts.service.ts';
import {
  vehicleCreateSchema,
  vehicleListSchema,
  vehicleParams,
  vehiclePatchSchema,
  vehicleSchema,
} from './vehicles.schemas.ts';
import { createVehicle, deleteVehicle, findVehicles, updateVehicle } from './vehicles.service.ts';

const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const writers = ['admin', 'staff', 'advisor'] as const;
const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  422: problemSchema,
};

/** Contacts, addresses and vehicles of a customer: small lists, really deleted (the timeline remembers). */
export const customerPartRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/:id/contacts',
    {
      config: { access: readers },
      schema: {
        tags: ['customers'],
        operationId: 'listContacts',
        summary: "A customer's contacts, the primary one first",
        params: idParams,
        response: { 200: contactListSchema, ...problems },
      },
    },
    async (request) => ({ data: await findContacts(request.ctx, request.params.id) }),
  );

  app.post(
    '/customers/:id/contacts',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'createContact',
        summary: 'Add a contact (is_primary takes the flag from any other contact)',
        params: idParams,
        body: contactCreateSchema,
        response: { 201: contactSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createContact(request.ctx, request.params.id, request.body)),
  );

  app.patch(
    '/customers/:id/contacts/:contact_id',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'updateContact',
        summary: 'Change a contact',
        params: contactParams,
        body: contactPatchSchema,
        response: { 200: contactSchema, ...problems },
      },
    },
    async (request) => updateContact(request.ctx, request.params.id, request.params.contact_id, request.body),
  );

  app.delete(
    '/customers/:id/contacts/:contact_id',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'deleteContact',
        summary: 'Delete a contact',
        params: contactParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteContact(request.ctx, request.params.id, request.params.contact_id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/customers/:id/addresses',
    {
      config: { access: readers },
      schema: {
        tags: ['customers'],
        operationId: 'listAddresses',
        summary: "A customer's addresses",
        params: idParams,
        response: { 200: addressListSchema, ...problems },
      },
    },
    async (request) => ({ data: await findAddresses(request.ctx, request.params.id) }),
  );

  app.post(
    '/customers/:id/addresses',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'createAddress',
        summary: 'Add an address',
        params: idParams,
        body: addressCreateSchema,
        response: { 201: addressSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAddress(request.ctx, request.params.id, request.body)),
  );

  app.patch(
    '/customers/:id/addresses/:address_id',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'updateAddress',
        summary: 'Change an address',
        params: addressParams,
        body: addressPatchSchema,
        response: { 200: addressSchema, ...problems },
      },
    },
    async (request) => updateAddress(request.ctx, request.params.id, request.params.address_id, request.body),
  );

  app.delete(
    '/customers/:id/addresses/:address_id',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'deleteAddress',
        summary: 'Delete an address',
        params: addressParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteAddress(request.ctx, request.params.id, request.params.address_id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/customers/:id/vehicles',
    {
      config: { access: readers },
      schema: {
        tags: ['customers'],
        operationId: 'listVehicles',
        summary: "A customer's vehicles, newest first",
        params: idParams,
        response: { 200: vehicleListSchema, ...problems },
      },
    },
    async (request) => ({ data: await findVehicles(request.ctx, request.params.id) }),
  );

  app.post(
    '/customers/:id/vehicles',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'createVehicle',
        summary: 'Add a vehicle (VIN check digit verified)',
        params: idParams,
        body: vehicleCreateSchema,
        response: { 201: vehicleSchema, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createVehicle(request.ctx, request.params.id, request.body)),
  );

  app.patch(
    '/customers/:id/vehicles/:vehicle_id',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'updateVehicle',
        summary: 'Change a vehicle',
        params: vehicleParams,
        body: vehiclePatchSchema,
        response: { 200: vehicleSchema, ...problems, 409: problemSchema },
      },
    },
    async (request) => updateVehicle(request.ctx, request.params.id, request.params.vehicle_id, request.body),
  );

  app.delete(
    '/customers/:id/vehicles/:vehicle_id',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'deleteVehicle',
        summary: 'Delete a vehicle',
        params: vehicleParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteVehicle(request.ctx, request.params.id, request.params.vehicle_id);
      return reply.status(204).send(null);
    },
  );
};
