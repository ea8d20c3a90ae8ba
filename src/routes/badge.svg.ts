import type { APIRoute } from 'astro';
import { badgeResponse } from '../data/badges.ts';

export const GET: APIRoute = () => badgeResponse('svg');
