import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

const CHROMIUM = process.env.AFK_CHROMIUM ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Debian's Chromium, headless, with a fresh profile (nothing cached, no first-run state); loopback pages only. */
export async function launchChromium(viewport?: { width: number; height: number }): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set AFK_CHROMIUM)`)
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'afk-chromium-')), {
    executablePath: CHROMIUM,
    args: ARGS,
    ...(viewport ? { viewport } : {}),
  })
}
