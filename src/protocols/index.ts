/** Entry point for protocol specs: `import { token, botega, permaswap, signal, parseMessage } from './index.ts'`. */
export * as botega from './botega.ts'
export {
  defineMessage,
  type EncodeParams,
  type MessageSpec,
  type ParsedMessage,
  tag,
} from './defineMessage.ts'
export { encodeData, encodeMessage } from './encodeMessage.ts'
export { type MessageInput, readMessage } from './messageTags.ts'
export { matchesMessage, type ParseContext, parseMessage, safeParseMessage } from './parseMessage.ts'
export * as permaswap from './permaswap.ts'
export * as signal from './signal.ts'
export * as token from './token.ts'
