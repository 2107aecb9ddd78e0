-- wrk script of the load bench (bench/load.py): counts the answers that are not 2xx (wrk
-- itself counts only 4xx and 5xx as errors, and a redirect to the sign-in page is not a
-- page), and, given a rate, paces the requests.
--
--   wrk -s bench/wrk.lua URL -- RATE THREADS
--
-- RATE 0: as fast as the connections go (throughput at saturation). RATE > 0: each thread
-- sends its share of RATE requests a second on a fixed schedule (one every THREADS/RATE
-- seconds, the threads staggered), whatever the answers' latency: delay() waits until the
-- next slot, or sends at once if the slot has passed (catching up, so the offered rate
-- holds while there are idle connections). wrk measures each latency from the moment the
-- request is written.
-- At the end, one line "BENCH {json}" with the counts and the latency percentiles (us).

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("number", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

-- Per thread (each has its own Lua state).
non2xx = 0
local period_ms = nil
local next_slot = nil

function init(args)
  local rate = tonumber(args[1] or "0")
  local count = tonumber(args[2] or "1")
  if rate > 0 then
    period_ms = 1000 * count / rate
    next_slot = now_ms() + period_ms * number / count
  end
end

function delay()
  if period_ms == nil then
    return 0
  end
  local slot = next_slot
  next_slot = next_slot + period_ms
  local wait = slot - now_ms()
  if wait < 0 then
    return 0
  end
  return wait
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, ' ..
    '"timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, bad,
    errors.connect + errors.read + errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max
  ))
end
