#!/usr/bin/env node
// Serves the demo chat alone: `npm run demo:serve -- --port 5173 --interval 3000`.
import { parseArgs } from 'node:util';
import { startDemoServer } from '../demo/server.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '5173' }, interval: { type: 'string', default: '4000' } },
});
const server = await startDemoServer({ port: Number(values.port), interval: Number(values.interval) });
console.log(`demo chat: ${server.url}`);
