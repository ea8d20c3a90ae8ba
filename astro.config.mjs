import { defineConfig } from 'astro/config';
import statusmark from './src/integration.ts';
export default defineConfig({ integrations: [statusmark()] });
