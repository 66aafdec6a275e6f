import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type webcrypto,
} from 'node:crypto'
import { InvalidDataItemError } from '../errors/devnet.ts'
import type { Tag } from './message.ts'

/** An ANS-104 data item as the MU/SU/gateway see it (only Arweave RSA-4096 signatures, type 1). */
export interface DataItem {
  id: string
  signatureType: number
  signature: string
  /** The owner's RSA modulus, base64url. */
  owner: string
  /** base64url(sha256(owner modulus)). */
  ownerAddress: string
  target: string
  anchor: string
  tags: Tag[]
  data: Uint8Array
  raw: Uint8Array
}

type JsonWebKey = webcrypto.JsonWebKey

const ARWEAVE_SIG = 1
const SIG_LEN = 512
const OWNER_LEN = 512

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url')
const sha = (alg: string, ...parts: Uint8Array[]) => {
  const h = createHash(alg)
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}

/** Arweave deep-hash (sha384 over a tagged tree) — the bytes ANS-104 signs. */
export function deepHash(data: Uint8Array | Uint8Array[]): Uint8Array {
  if (Array.isArray(data)) {
    let acc = sha('sha384', Buffer.from(`list${data.length}`))
    for (const chunk of data) acc = sha('sha384', acc, deepHash(chunk))
    return acc
  }
  return sha('sha384', sha('sha384', Buffer.from(`blob${data.byteLength}`)), sha('sha384', data))
}

/** Avro-encoded tag array (the ANS-104 tag format). */
function encodeTags(tags: Tag[]): Uint8Array {
  if (tags.length === 0) return new Uint8Array(0)
  const out: number[] = []
  const long = (n: number) => {
    let z = n >= 0 ? n * 2 : -n * 2 - 1
    do {
      let b = z & 0x7f
      z = Math.floor(z / 128)
      if (z > 0) b |= 0x80
      out.push(b)
    } while (z > 0)
  }
  const bytes = (s: string) => {
    const b = Buffer.from(s, 'utf8')
    long(b.length)
    for (const x of b) out.push(x)
  }
  long(tags.length)
  for (const t of tags) {
    bytes(t.name)
    bytes(t.value)
  }
  long(0)
  return Uint8Array.from(out)
}

function decodeTags(buf: Uint8Array, where: string): Tag[] {
  let pos = 0
  const long = () => {
    let n = 0
    let mul = 1
    for (;;) {
      if (pos >= buf.length) throw new InvalidDataItemError('truncated tag block', { where })
      const b = buf[pos++]
      n += (b & 0x7f) * mul
      mul *= 128
      if ((b & 0x80) === 0) break
    }
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2
  }
  const str = () => {
    const len = long()
    const s = Buffer.from(buf.subarray(pos, pos + len)).toString('utf8')
    pos += len
    return s
  }
  const tags: Tag[] = []
  if (buf.length === 0) return tags
  for (;;) {
    let count = long()
    if (count === 0) break
    if (count < 0) {
      count = -count
      long() // block byte size
    }
    for (let i = 0; i < count; i++) tags.push({ name: str(), value: str() })
  }
  return tags
}

function u64(buf: Uint8Array, at: number): number {
  return Number(Buffer.from(buf.subarray(at, at + 8)).readBigUInt64LE())
}

/** Parses a binary data item and checks its signature. Throws `InvalidDataItemError` naming the problem. */
export function parseDataItem(raw: Uint8Array, where = 'data item'): DataItem {
  if (raw.length < 2 + SIG_LEN + OWNER_LEN + 2 + 16)
    throw new InvalidDataItemError(`too short (${raw.length} bytes)`, { where })
  const signatureType = raw[0] | (raw[1] << 8)
  if (signatureType !== ARWEAVE_SIG)
    throw new InvalidDataItemError(
      `signature type ${signatureType} is not supported (only Arweave RSA, type 1)`,
      { where },
    )
  let pos = 2
  const signature = raw.subarray(pos, pos + SIG_LEN)
  pos += SIG_LEN
  const owner = raw.subarray(pos, pos + OWNER_LEN)
  pos += OWNER_LEN
  let target: Uint8Array = new Uint8Array(0)
  if (raw[pos++] === 1) {
    target = raw.subarray(pos, pos + 32)
    pos += 32
  }
  let anchor: Uint8Array = new Uint8Array(0)
  if (raw[pos++] === 1) {
    anchor = raw.subarray(pos, pos + 32)
    pos += 32
  }
  const tagCount = u64(raw, pos)
  const tagBytesLen = u64(raw, pos + 8)
  pos += 16
  const tagBytes = raw.subarray(pos, pos + tagBytesLen)
  pos += tagBytesLen
  const tags = decodeTags(tagBytes, where)
  if (tags.length !== tagCount)
    throw new InvalidDataItemError(`declares ${tagCount} tags but holds ${tags.length}`, { where })
  const data = raw.subarray(pos)
  const signed = deepHash([
    Buffer.from('dataitem'),
    Buffer.from('1'),
    Buffer.from(String(signatureType)),
    owner,
    target,
    anchor,
    tagBytes,
    data,
  ])
  const key = createPublicKey({ key: { kty: 'RSA', n: b64u(owner), e: 'AQAB' }, format: 'jwk' })
  const ok = verify(
    'sha256',
    signed,
    { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
    signature,
  )
  if (!ok) throw new InvalidDataItemError('signature does not verify', { where })
  return {
    id: b64u(sha('sha256', signature)),
    signatureType,
    signature: b64u(signature),
    owner: b64u(owner),
    ownerAddress: b64u(sha('sha256', owner)),
    target: target.length ? b64u(target) : '',
    anchor: Buffer.from(anchor).toString('utf8'),
    tags,
    data,
    raw,
  }
}

/**
 * Builds and signs a data item with an Arweave JWK (how the devnet MU signs the messages it pushes). RSA-PSS with an
 * empty salt makes the signature, and so the id, a function of the content: the same inputs give the same ids.
 */
export function createDataItem(
  jwk: JsonWebKey,
  item: { target?: string; anchor?: string; tags: Tag[]; data: string | Uint8Array },
): DataItem {
  const owner = Buffer.from(jwk.n as string, 'base64url')
  const target = item.target ? Buffer.from(item.target, 'base64url') : new Uint8Array(0)
  if (item.target && target.length !== 32)
    throw new InvalidDataItemError(`target ${item.target} is not a 32-byte id`, { where: 'createDataItem' })
  const anchor = item.anchor
    ? Buffer.from(item.anchor.padStart(32, '0').slice(-32), 'utf8')
    : new Uint8Array(0)
  const tagBytes = encodeTags(item.tags)
  const data = typeof item.data === 'string' ? Buffer.from(item.data, 'utf8') : item.data
  const signed = deepHash([
    Buffer.from('dataitem'),
    Buffer.from('1'),
    Buffer.from('1'),
    owner,
    target,
    anchor,
    tagBytes,
    data,
  ])
  const key = createPrivateKey({ key: jwk, format: 'jwk' })
  const signature = sign('sha256', signed, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 0 })
  const head = Buffer.alloc(2)
  head.writeUInt16LE(1)
  const counts = Buffer.alloc(16)
  counts.writeBigUInt64LE(BigInt(item.tags.length), 0)
  counts.writeBigUInt64LE(BigInt(tagBytes.length), 8)
  const raw = Buffer.concat([
    head,
    signature,
    owner,
    Buffer.from([target.length ? 1 : 0]),
    target,
    Buffer.from([anchor.length ? 1 : 0]),
    anchor,
    counts,
    tagBytes,
    data,
  ])
  return parseDataItem(new Uint8Array(raw), 'createDataItem')
}

/** base64url(sha256(modulus)): the address of a JWK. */
export function addressOf(jwk: JsonWebKey): string {
  return b64u(sha('sha256', Buffer.from(jwk.n as string, 'base64url')))
}
