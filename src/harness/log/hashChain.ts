// Moved to src/ao/hashChain.ts (shared with the devnet scheduler).
export { nextHashChain } from '../../ao/hashChain.ts'
