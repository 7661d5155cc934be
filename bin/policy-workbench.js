#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx compiles it on load), so `npx policy-workbench`
// works in a fresh clone without a build step.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../src/cli/index.ts')
process.exitCode = await runCli(process.argv.slice(2))
