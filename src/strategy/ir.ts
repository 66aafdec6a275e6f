import type { ExprNode, Value } from './expr.ts'
import type { ParamKind } from './params.ts'
import type { ReplyField } from './replies.ts'
import type { RiskIR } from './risk.ts'

/** The validated, language-neutral form of a strategy. The compiler builds it; both engines run it. */
export interface IrAction {
  /** primitive name (`swap`, `assign`, …) */
  name: string
  /** expression arguments, sorted by name: they are evaluated in this order in both languages */
  args: Array<[string, ExprNode]>
  /** compile-time constants (timeout names, log event names) */
  static?: Record<string, string>
  /** forEach: the actions run for each item */
  body?: IrAction[]
}

export interface IrTransition {
  event: string
  guard?: ExprNode
  /** absolute dotted path of the target state; absent for targetless transitions */
  target?: string
  reenter: boolean
  actions: IrAction[]
}

export interface IrNode {
  /** dotted path; '' is the root */
  path: string
  parent: string | null
  /** document order (xstate's `order`): entry runs in ascending, exit in descending order */
  order: number
  kind: 'atomic' | 'compound' | 'final'
  initial?: string
  entry: IrAction[]
  exit: IrAction[]
  /** event type → candidates in declaration order */
  on: Array<[string, IrTransition[]]>
}

export interface StrategyIR {
  id: string
  description: string
  /** param names that hold token process ids (trusted Credit/Debit-Notice senders) */
  tokens: string[]
  /** list params whose items hold a token (list → item field): each item's token is trusted like a token param,
   *  its balance booked under `<list>[<index>]` (src/engine/runtime/tokens.ts); absent when there are none */
  listTokens?: Record<string, string>
  /** scalar params, re-validated by Update-Params */
  paramSpec: Record<string, ParamKind>
  /** list params: fixed at spawn (Update-Params refuses them as unknown params); absent when there are none */
  listParams?: Record<string, ParamKind>
  params: Record<string, Value>
  context: Record<string, Value>
  nodes: IrNode[]
  cron?: { interval: string; tags: Record<string, string> }
  /** runtime risk controls the strategy switches on (absent when none) */
  risk?: RiskIR
  /** reply schemas for ask(), by reply name; absent when the strategy asks nothing */
  replies?: Record<string, ReplyField[]>
}
