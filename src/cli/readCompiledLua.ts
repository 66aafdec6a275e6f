import { readFileSync } from 'node:fs'
import { readHeader } from '../engine/readLuaGraph.ts'
import { BaseError } from '../errors/BaseError.ts'
import { onUserPath } from '../errors/file.ts'

/** Reads a compiled agent named by the user: a missing or unreadable file, or one without afk header, is refused. */
export function readCompiledLua(file: string): string {
  const lua = onUserPath(file, 'read', () => readFileSync(file, 'utf8'))
  if (!readHeader(lua))
    throw new BaseError(
      `${file} is not an afk-compiled agent (no afk header); compile one with \`afk compile\`.`,
    )
  return lua
}
