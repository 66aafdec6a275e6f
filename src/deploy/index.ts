/** Entry point for deploying and operating agents: `import { deployAgent, readStatus } from 'afk/deploy'`. */
export { type LogEntry, readLogs } from './agentLogs.ts'
export { AGENT_COMMANDS, fund, readStatus, sendCommand, withdraw } from './agentOps.ts'
export { type Connection, connectNetwork, connectReadOnly } from './connection.ts'
export { type AgentView, dashboardData, renderDashboard, serveDashboard } from './dashboard.ts'
export { type DeployOptions, type DeployPlan, type DeployResult, deployAgent } from './deployAgent.ts'
export { Keeper, type KeeperAction, type KeeperOptions, networkNow } from './keeper.ts'
export {
  DEFAULT_MANIFEST,
  DEPLOY_STEPS,
  type Deployment,
  DeploymentSchema,
  findDeployment,
  type Manifest,
  ManifestSchema,
  readManifest,
} from './manifest.ts'
export { checkNodes, type Network, resolveDevnetRefs, resolveNetwork } from './network.ts'
export {
  type AgentStatus,
  AgentStatusSchema,
  type StatusReport,
  StatusReportSchema,
  statusReportJsonSchema,
} from './statusSchema.ts'
export { createWallet, readWallet, type Wallet } from './wallet.ts'
