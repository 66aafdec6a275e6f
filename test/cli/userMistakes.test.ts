import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { logEndLine } from '../../src/harness/log/schema.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-mistakes-'))
const run = async (args: string[], timeout = 120_000, env: Record<string, string> = {}) => {
  try {
    const r = await promisify(execFile)(process.execPath, ['bin/afk.mjs', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
      timeout,
    })
    return { status: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    const x = e as { code?: number; stdout: string; stderr: string }
    return { status: x.code ?? -1, stdout: x.stdout, stderr: x.stderr }
  }
}
/** A user mistake: exit 1 and one line `error: …` (never "internal error"). */
const oneLine = (r: { status: number; stderr: string }, re: RegExp) => {
  expect(r.stderr).not.toMatch(/internal error/)
  expect(r.stderr.split('\n')[0]).toMatch(re)
  expect(r.status).toBe(1)
}

const file = join(dir, 'a-file')
const log = join(dir, 'small.ndjson')
const lua = join(dir, 'dca.lua')
beforeAll(() => {
  writeFileSync(file, 'x')
  mkdirSync(join(dir, 'a-dir'))
  const lines = readFileSync('samples/botega-demo.ndjson', 'utf8').split('\n')
  const header = { ...JSON.parse(lines[0]), records: undefined }
  writeFileSync(log, `${[JSON.stringify(header), ...lines.slice(1, 100), logEndLine(99)].join('\n')}\n`)
})

describe('user mistakes are one-line errors with exit 1 (issue 12 item 7)', () => {
  it('backtest --fast: a cache directory that is a file', async () => {
    const r = await run(['backtest', 'agents/dca.ts', '--engine', 'ts', '--fast', '--log', log], 120_000, {
      AFK_CACHE_DIR: file,
    })
    oneLine(r, /^error: Cannot write the record cache in .*a-file: EEXIST: file already exists$/)
  })

  it('backtest: a missing log, a directory as log, outputs that cannot be written (checked before the run)', async () => {
    const bt = ['backtest', 'agents/dca.ts', '--engine', 'ts']
    const [missing, isDir, underFile, ontoDir, badParams, sweepOut] = await Promise.all([
      run([...bt, '--log', join(dir, 'nope.ndjson')]),
      run([...bt, '--log', dir]),
      run([...bt, '--log', log, '-o', join(file, 'r.json')]),
      run([...bt, '--log', log, '--html', join(dir, 'a-dir')]),
      run([...bt, '--log', log, '-p', '[1,2]']),
      run([
        'sweep',
        'agents/dca.ts',
        '--log',
        log,
        '--grid',
        'slippageBps=50,100',
        '-o',
        join(file, 's.json'),
      ]),
    ])
    oneLine(missing, /^error: Cannot read log .*nope\.ndjson: no such file or directory\.$/)
    oneLine(isDir, /^error: Cannot read log .*: is a directory, not a file\.$/)
    oneLine(
      underFile,
      /^error: Cannot write .*a-file\/r\.json: a part of the path is a file, not a directory\.$/,
    )
    oneLine(ontoDir, /^error: Cannot write .*a-dir: is a directory, not a file\.$/)
    oneLine(badParams, /^error: The inline params must be a JSON object, .*got an array\.$/)
    oneLine(sweepOut, /^error: Cannot write .*a-file\/s\.json: a part of the path is a file/)
  })

  it('synth, compile, check --lua and inspect: bad outputs, params and compiled files', async () => {
    const [synthOut, readOnly, fee, typo, compiled] = await Promise.all([
      run(['synth', '--seed', '1', '--events', '10', '-o', join(file, 'x.ndjson')]),
      // sysfs refuses new files even to root: the read-only directory case
      run(['synth', '--seed', '1', '--events', '10', '-o', '/sys/afk-x.ndjson']),
      run(['synth', '--seed', '1', '--events', '10', '--fee-bps', '10000', '-o', join(dir, 'fee.ndjson')]),
      run(['compile', 'agents/dca.ts', '-p', '{"amonut": "1"}']),
      run(['compile', 'agents/dca.ts', '-p', 'agents/dca.params.json', '-o', lua]),
    ])
    oneLine(synthOut, /^error: Cannot write log .*a-file\/x\.ndjson: a part of the path is a file/)
    oneLine(
      readOnly,
      /^error: Cannot write log \/sys\/afk-x\.ndjson: (permission denied|read-only file system|operation not permitted)\.$/,
    )
    oneLine(fee, /^error: --fee-bps must be an integer 0\.\.9999/)
    expect(existsSync(join(dir, 'fee.ndjson'))).toBe(false)
    expect(typo.status).toBe(1)
    expect(typo.stderr).toMatch(
      /unknown-param at params\.amonut: unknown param 'amonut'\n {2}hint: did you mean 'amount'\?/,
    )
    expect(compiled.status).toBe(0)
    const text = readFileSync(lua, 'utf8')
    writeFileSync(join(dir, 'trunc.lua'), text.slice(0, 20_000))
    writeFileSync(join(dir, 'loop.lua'), `${text}\nwhile true do end\n`)
    const [missing, trunc, foreign, loop] = await Promise.all([
      run(['check', 'agents/dca.ts', '-p', 'agents/dca.params.json', '--lua', join(dir, 'nope.lua')]),
      run(['inspect', join(dir, 'trunc.lua')]),
      run(['inspect', file]),
      run(['inspect', join(dir, 'loop.lua'), '--timeout', '3']),
    ])
    oneLine(missing, /^error: Cannot read .*nope\.lua: no such file or directory\.$/)
    // Lua's syntax error depends on where the cut lands in the compiled file
    expect(trunc.stderr).toMatch(
      /^error: Cannot load .*trunc\.lua into aos: .*(?:'end' expected|(?:syntax error|expected) near <eof>)/,
    )
    expect(trunc.status).toBe(1)
    oneLine(foreign, /^error: .*a-file is not an afk-compiled agent/)
    expect(loop.stderr).toMatch(
      /^error: Cannot load .*loop\.lua into aos: it did not finish loading within 3 s/,
    )
    expect(loop.status).toBe(1)
  })

  it('an interrupted synth leaves no file that looks complete (item 3)', async () => {
    const out = join(dir, 'sub', 'big.ndjson')
    // the CLI entry as bin/afk.mjs runs it, so the signal reaches the process that writes
    const tsx = createRequire(import.meta.url).resolve('tsx')
    const child = spawn(
      process.execPath,
      ['--import', tsx, 'src/cli/index.ts', 'synth', '--seed', '7', '--events', '2000000', '-o', out],
      { stdio: 'ignore' },
    )
    const exited = new Promise((r) => child.once('exit', r))
    // interrupt once it is writing (its temporary file exists)
    for (let i = 0; i < 600 && !(existsSync(join(dir, 'sub')) && readdirSync(join(dir, 'sub')).length); i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(readdirSync(join(dir, 'sub'))[0]).toMatch(/^big\.ndjson\.partial-\d+$/)
    await new Promise((r) => setTimeout(r, 1000))
    child.kill('SIGINT')
    await exited
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(join(dir, 'sub'))).toEqual([])
  })
})
