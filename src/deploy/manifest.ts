import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { ManifestError, UnknownDeploymentError } from '../errors/deploy.ts'
import { writeFileAtomic } from '../io/atomicFile.ts'

export const DEFAULT_MANIFEST = 'afk.deployments.json'
export const DEPLOY_STEPS = ['spawn', 'load', 'monitor', 'verify'] as const
export type DeployStep = (typeof DEPLOY_STEPS)[number]

const StepSchema = z.object({
  state: z.enum(['pending', 'done', 'skipped']),
  /** how many times the step completed: a resumed deploy never repeats a done step, so this stays 1 */
  runs: z.number().int().min(0),
  at: z.string().optional(),
  detail: z.string().optional(),
})
export type StepRecord = z.infer<typeof StepSchema>

export const DeploymentSchema = z.object({
  name: z.string().min(1),
  network: z.enum(['local', 'legacynet', 'mainnet']),
  processId: z.string().nullable(),
  module: z.string(),
  scheduler: z.string(),
  authority: z.string(),
  owner: z.string(),
  strategy: z.object({
    file: z.string(),
    id: z.string(),
    strategyHash: z.string(),
    paramsHash: z.string(),
  }),
  cron: z.string().nullable(),
  /** false: spawned without `Cron-Interval` (ticks come from `afk keeper`) */
  networkCron: z.boolean().default(true),
  /** compiled with `--immutable`: the agent refuses every Eval after boot, even its owner's */
  immutable: z.boolean().default(false),
  /** random tag put on the spawn, so an interrupted spawn is found on the gateway instead of spawned twice */
  deployNonce: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  steps: z.object({ spawn: StepSchema, load: StepSchema, monitor: StepSchema, verify: StepSchema }),
})
export type Deployment = z.infer<typeof DeploymentSchema>

export const ManifestSchema = z.object({
  version: z.literal(1),
  deployments: z.record(z.string(), DeploymentSchema),
})
export type Manifest = z.infer<typeof ManifestSchema>

/** Reads the manifest; a missing file is an empty manifest, a broken one an error (never overwritten). */
export function readManifest(file = DEFAULT_MANIFEST): Manifest {
  const path = resolve(file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, deployments: {} }
    throw new ManifestError(path, `cannot be read (${(e as NodeJS.ErrnoException).code})`, e)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new ManifestError(path, 'is not valid JSON (fix or move it; it was left untouched)', e)
  }
  const r = ManifestSchema.safeParse(raw)
  if (!r.success) {
    const i = r.error.issues[0]
    throw new ManifestError(
      path,
      `does not match its schema at ${i.path.join('.') || '(root)'}: ${i.message}`,
    )
  }
  return r.data
}

/** Writes the manifest atomically (temp file + rename); keys sorted so diffs stay small. */
export function writeManifest(file: string, m: Manifest): void {
  const path = resolve(file)
  const sorted = {
    version: m.version,
    deployments: Object.fromEntries(
      Object.keys(m.deployments)
        .sort()
        .map((k) => [k, m.deployments[k]]),
    ),
  }
  writeFileAtomic(path, `${JSON.stringify(sorted, null, 2)}\n`, { role: 'write manifest' })
}

/** Updates one deployment with a fresh read of the file, so concurrent commands do not lose each other's entries. */
export function updateDeployment(file: string, d: Deployment): Deployment {
  const m = readManifest(file)
  const next = { ...d, updatedAt: new Date().toISOString() }
  m.deployments[d.name] = next
  writeManifest(file, m)
  return next
}

/** Finds a deployment by name or process id. */
export function findDeployment(file: string, ref: string): Deployment {
  const m = readManifest(file)
  const d = m.deployments[ref] ?? Object.values(m.deployments).find((x) => x.processId === ref)
  if (!d) throw new UnknownDeploymentError(resolve(file), ref)
  return d
}
