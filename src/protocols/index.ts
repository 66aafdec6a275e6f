/** Entry point for protocol specs: `import { token, botega, permaswap, parseMessage } from '../protocols/index.ts'`. */
export * as botega from './botega.ts'
export * as permaswap from './permaswap.ts'
export * as token from './token.ts'
export { defineMessage, tag, type EncodeParams, type MessageSpec, type ParsedMessage } from './defineMessage.ts'
export { encodeData, encodeMessage } from './encodeMessage.ts'
export { type MessageInput, readMessage } from './messageTags.ts'
export { matchesMessage, parseMessage, safeParseMessage, type ParseContext } from './parseMessage.ts'
