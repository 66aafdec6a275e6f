import { ModelConfigError } from '../errors/protocol.ts'
import {
  fail,
  type ModelMessage,
  ModelProcess,
  type ModelProcessParameters,
  tagList,
} from './ModelProcess.ts'

/** Asset used when a request has no `Asset` tag (both languages). */
export const SIGNAL_DEFAULT_ASSET = 'default'
/** Bound on |Signal-Bps| (100x in bps), well inside Lua's exact integers. */
export const SIGNAL_MAX_ABS_BPS = 1_000_000

interface SignalState {
  signals: Map<string, string>
  silent: boolean
}

export interface SignalModelParameters extends ModelProcessParameters {
  /** Signals set up front (as if by `Set-Signal`), asset → bps. */
  signals?: Record<string, number>
}

const ASSET_RE = /^[A-Za-z0-9\-_.:/]+$/

/** Why an `Asset` tag value is refused, or undefined when it is acceptable (absent counts as acceptable). */
export function signalAssetError(asset: string | undefined): string | undefined {
  if (asset === undefined) return undefined
  if (asset.length === 0 || asset.length > 64 || !ASSET_RE.test(asset))
    return 'tag Asset must be 1-64 characters of A-Z a-z 0-9 - _ . : /'
  return undefined
}

/** Lua `parseBps`: a plain signed integer string within ±SIGNAL_MAX_ABS_BPS, else undefined. */
export function parseSignalBps(v: string | undefined): number | undefined {
  if (v === undefined || !/^-?[0-9]+$/.test(v) || v.length > 12) return undefined
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n > SIGNAL_MAX_ABS_BPS || n < -SIGNAL_MAX_ABS_BPS) return undefined
  return n
}

/** TS model of `lua/processes/signal.lua`: owner-set integer signals per asset, answered to `Get-Signal`. */
export class SignalModel extends ModelProcess<SignalState> {
  constructor(p: SignalModelParameters) {
    const signals = new Map<string, string>()
    for (const [asset, bps] of Object.entries(p.signals ?? {})) {
      const bad = signalAssetError(asset)
      if (bad !== undefined)
        throw new ModelConfigError(`SignalModel: ${bad}, got "${asset}".`, { model: p.id })
      const n = parseSignalBps(String(bps))
      if (n === undefined)
        throw new ModelConfigError(
          `SignalModel: signal for ${asset} must be an integer within ±${SIGNAL_MAX_ABS_BPS}, got ${bps}.`,
          { model: p.id },
        )
      signals.set(asset, String(n))
    }
    super(p, { signals, silent: false })
  }

  protected cloneState(s: SignalState): SignalState {
    return { signals: new Map(s.signals), silent: s.silent }
  }

  /** Current signal in bps for an asset, or undefined. */
  signal(asset = SIGNAL_DEFAULT_ASSET): number | undefined {
    const v = this.state.signals.get(asset)
    return v === undefined ? undefined : Number(v)
  }

  get silent(): boolean {
    return this.state.silent
  }

  protected dispatch(msg: ModelMessage): boolean {
    switch (msg.get('Action')) {
      case 'Get-Signal':
        this.getSignal(msg)
        return true
      case 'Set-Signal':
        this.setSignal(msg)
        return true
      case 'Set-Silent':
        this.setSilent(msg)
        return true
      default:
        return false
    }
  }

  private requireOwner(msg: ModelMessage): void {
    if (msg.from !== this.owner)
      fail(`${msg.get('Action')}: only the process owner may do this (From ${msg.from})`)
  }

  private getSignal(msg: ModelMessage): void {
    if (this.state.silent) return
    const tag = msg.get('Asset')
    const asset = tag ?? SIGNAL_DEFAULT_ASSET
    let bad = signalAssetError(tag)
    if (bad === undefined && !this.state.signals.has(asset)) bad = `Unknown asset ${asset}`
    if (bad !== undefined) {
      this.reply(msg, tagList('Action', 'Get-Signal-Error', 'Asset', tag, 'Error', bad), bad)
      return
    }
    const bps = this.state.signals.get(asset)!
    this.reply(
      msg,
      tagList('Action', 'Get-Signal-Response', 'Asset', asset, 'Signal-Bps', bps),
      `{"Asset":"${asset}","Signal-Bps":${bps}}`,
    )
  }

  private setSignal(msg: ModelMessage): void {
    this.requireOwner(msg)
    const tag = msg.get('Asset')
    const bad = signalAssetError(tag)
    if (bad !== undefined) fail(`Set-Signal: ${bad}`)
    const raw = msg.get('Signal-Bps')
    const n = parseSignalBps(raw)
    if (n === undefined)
      fail(
        `Set-Signal: tag Signal-Bps must be an integer between -${SIGNAL_MAX_ABS_BPS} and ${SIGNAL_MAX_ABS_BPS}, got ${raw ?? 'nil'}`,
      )
    const asset = tag ?? SIGNAL_DEFAULT_ASSET
    this.state.signals.set(asset, String(n))
    this.reply(msg, tagList('Action', 'Set-Signal-Response', 'Asset', asset, 'Signal-Bps', String(n)))
  }

  private setSilent(msg: ModelMessage): void {
    this.requireOwner(msg)
    const v = msg.get('Silent')
    if (v !== 'true' && v !== 'false')
      fail(`Set-Silent: tag Silent must be "true" or "false", got ${v ?? 'nil'}`)
    this.state.silent = v === 'true'
    this.reply(msg, tagList('Action', 'Set-Silent-Response', 'Silent', v))
  }
}
