import { BaseError } from './BaseError.ts'

/** Why the operating system refused a path the user named, in words (errno code → reason). */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EEXIST: 'already exists',
  EBUSY: 'resource busy',
  EINVAL: 'invalid path',
  EFBIG: 'file too large',
}

/** A file or directory the user named cannot be read or written (missing, a directory, read-only, …). */
export class FileAccessError extends BaseError {
  override name = 'FileAccessError'
  constructor(
    readonly path: string,
    readonly role: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`Cannot ${role} ${path}: ${reason}.`)
  }
}

/**
 * The one place that turns an operating-system error on a user-named path into a typed one-line error. Anything
 * that is not such an error (a bug) is returned unchanged, so it still surfaces as an internal error.
 */
export function fileError(e: unknown, path: string, role: string): unknown {
  if (e instanceof FileAccessError) return e
  const code = (e as { code?: string } | null)?.code
  if (typeof code === 'string' && code in REASONS) return new FileAccessError(path, role, REASONS[code], code)
  return e
}

/** Runs `fn` and maps its file-system errors on `path` (see `fileError`). */
export function onUserPath<T>(path: string, role: string, fn: () => T): T {
  try {
    const r = fn()
    if (r instanceof Promise)
      return r.catch((e) => {
        throw fileError(e, path, role)
      }) as T
    return r
  } catch (e) {
    throw fileError(e, path, role)
  }
}
