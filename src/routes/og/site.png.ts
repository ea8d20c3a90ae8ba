import type { APIRoute } from 'astro';
import { cardImage } from '../../data/og-images.ts';
import { getSite } from '../../data/snapshot.ts';
import { siteCard } from '../../render/og/cards.ts';

export const GET: APIRoute = async () =>
  cardImage('og/site.png', siteCard((await getSite()).snapshot));
