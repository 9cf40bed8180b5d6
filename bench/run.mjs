#!/usr/bin/env node
// Runs every benchmark (or the ones named: `pnpm bench pki`) and prints their numbers.
const suites = {
  pki: () => import('./pki.bench.mjs'),
  renewal: () => import('./renewal.bench.mjs'),
  delivery: () => import('./delivery.bench.mjs'),
  campaign: () => import('./campaign.bench.mjs'),
  console: () => import('./console.bench.mjs'),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(suites);
for (const name of names) {
  const load = suites[name];
  if (!load) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== ${name} ==`);
  const suite = await load();
  await suite.run();
}
