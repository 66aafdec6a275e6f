-- Botega swap maths (dex-protocols.md §2.1.7), exact in 256-bit integers. Mirrored by src/models/botegaSwap.ts.
local BotegaMath = {}

BotegaMath.ERR_EMPTY = 'The reserves are empty'
BotegaMath.ERR_DRAIN = 'This swap would drain the pool'
BotegaMath.ERR_LIQUIDITY = "There isn't enough liquidity in the reserves to complete this order"

-- Fees come out of the input: adjusted = floor(in * (10000 - lp - pf) / 10000); of the total fee T, the LP share is
-- floor(T * ceil(100 * lp / (lp + pf)) / 100) (ratio rounded up to a whole percent), the rest is protocol fee.
-- out = Rout - ceil(Rin * Rout / (Rin + adjusted)). The LP fee stays in the pool; the protocol fee leaves it.
function BotegaMath.fees(amountIn, lpBps, pfBps)
  local bint = Amount.bint
  local totalBps = lpBps + pfBps
  local adjusted = Amount.mul(amountIn, bint(10000 - totalBps)) // bint(10000)
  local totalFee = amountIn - adjusted
  local lpFee = Amount.ZERO
  if totalBps > 0 then
    local ratio = (100 * lpBps + totalBps - 1) // totalBps
    lpFee = Amount.mul(totalFee, bint(ratio)) // bint(100)
  end
  return adjusted, lpFee, totalFee - lpFee, totalFee
end

function BotegaMath.swap(rIn, rOut, amountIn, lpBps, pfBps)
  local bint = Amount.bint
  if bint.iszero(rIn) or bint.iszero(rOut) then error(BotegaMath.ERR_EMPTY, 0) end
  local adjusted, lpFee, protocolFee, totalFee = BotegaMath.fees(amountIn, lpBps, pfBps)
  local k = Amount.mul(rIn, rOut)
  local out = rOut - Amount.ceilDiv(k, Amount.add(rIn, adjusted))
  if bint.iszero(out) then error(BotegaMath.ERR_LIQUIDITY, 0) end
  if out >= rOut then error(BotegaMath.ERR_DRAIN, 0) end
  return {
    amountOut = out,
    adjusted = adjusted,
    lpFee = lpFee,
    protocolFee = protocolFee,
    totalFee = totalFee,
    newIn = Amount.add(Amount.add(rIn, adjusted), lpFee),
    newOut = rOut - out,
  }
end

-- Get-Swap-Output as the real pool answers it (§2.1.5b): a pool that cannot pay anything out (empty reserves, or an
-- amount too small) quotes Output = 0 instead of refusing.
function BotegaMath.quote(rIn, rOut, amountIn, lpBps, pfBps)
  local ok, r = pcall(BotegaMath.swap, rIn, rOut, amountIn, lpBps, pfBps)
  if ok then return r end
  if r ~= BotegaMath.ERR_EMPTY and r ~= BotegaMath.ERR_LIQUIDITY then error(r, 0) end
  local adjusted, lpFee, protocolFee, totalFee = BotegaMath.fees(amountIn, lpBps, pfBps)
  return { amountOut = Amount.ZERO, adjusted = adjusted, lpFee = lpFee, protocolFee = protocolFee, totalFee = totalFee }
end

-- "0.25" for 25 bps, "0.2" for 20, "1" for 100.
function BotegaMath.bpsToPercent(bps)
  local whole, frac = bps // 100, bps % 100
  if frac == 0 then return tostring(whole) end
  if frac % 10 == 0 then return tostring(whole) .. '.' .. tostring(frac // 10) end
  return tostring(whole) .. '.' .. string.format('%02d', frac)
end
