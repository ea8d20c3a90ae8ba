import type { APIRoute } from 'astro';
import { apiV2Response } from '../../../data/api-v2.ts';

export const GET: APIRoute = () => apiV2Response('scheduled-maintenances.json');
