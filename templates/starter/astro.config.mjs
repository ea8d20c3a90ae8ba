import { defineConfig } from 'astro/config';
import statusmark from 'statusmark';
export default defineConfig({ integrations: [statusmark()] });
