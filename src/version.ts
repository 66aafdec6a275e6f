/** afk's version, written into compiled Lua headers and error messages. Keep in step with package.json. */
export const version = '0.1.0'
