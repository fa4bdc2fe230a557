/// The Lua the store runs inside Redis. Every script reads the time with `TIME` (the server's clock, so replicas
/// never disagree about it; Redis 5 and later replicate a script's effects, so reading the time is allowed), and
/// every key starts with the store's prefix, whose `{hash tag}` puts them all in one Redis Cluster slot.
///
/// Numbers that are not whole (GCRA's theoretical arrival times, seconds until a reset) cross into and out of Lua
/// as strings with 17 significant digits: Lua would otherwise print 14 and Redis truncate them to integers.
enum RedisScripts {
    /// Seconds subtracted from Unix time for GCRA's arrival times, so a double resolves about 10 ns.
    static let epoch = 1_700_000_000

    /// UTC calendar windows, as ``RateLimits/CalendarPeriod`` computes them: `calendarWindow(period, seconds)`
    /// returns the window's start and end in Unix seconds (ISO weeks start on Monday). Days to and from civil
    /// dates follow Howard Hinnant's algorithms.
    static let calendar = """
        local function daysFromCivil(y, m, d)
          if m <= 2 then y = y - 1 end
          local era = math.floor(y / 400)
          local yoe = y - era * 400
          local mp = (m > 2) and (m - 3) or (m + 9)
          local doy = math.floor((153 * mp + 2) / 5) + d - 1
          local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
          return era * 146097 + doe - 719468
        end
        local function civilFromDays(z)
          z = z + 719468
          local era = math.floor(z / 146097)
          local doe = z - era * 146097
          local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
          local y = yoe + era * 400
          local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
          local mp = math.floor((5 * doy + 2) / 153)
          local m = (mp < 10) and (mp + 3) or (mp - 9)
          if m <= 2 then y = y + 1 end
          return y, m
        end
        local function calendarWindow(period, secs)
          if period == 'hour' then
            local start = secs - secs % 3600
            return start, start + 3600
          end
          local days = math.floor(secs / 86400)
          if period == 'day' then return days * 86400, (days + 1) * 86400 end
          if period == 'week' then
            local start = days - (days + 3) % 7
            return start * 86400, (start + 7) * 86400
          end
          local y, m = civilFromDays(days)
          local ny, nm = y, m + 1
          if nm == 13 then ny, nm = y + 1, 1 end
          return daysFromCivil(y, m, 1) * 86400, daysFromCivil(ny, nm, 1) * 86400
        end
        local function fmt(x) return string.format('%.17g', x) end

        """

    /// `readRecord(record)`: the entries of a reservation's stored record (see ``admit``), each as `{k = kind,
    /// key = …, a = amount, m = measure, x = the rate's interval or the slots' reservation id}`.
    static let recordReader = """
        local function readRecord(record)
          local entries, pos = {}, 1
          local function field()
            local colon = string.find(record, ':', pos, true)
            local length = tonumber(string.sub(record, pos, colon - 1))
            local text = string.sub(record, colon + 1, colon + length)
            pos = colon + length + 1
            return text
          end
          while pos <= #record do
            local kind = string.match(record, '^%a+', pos)
            pos = pos + #kind
            entries[#entries + 1] = {k = kind, key = field(), a = tonumber(field()), m = field(), x = field()}
          end
          return entries
        end

        """

    /// Checks every charge and charges all of them or none, as ``RateLimits/MemoryLimitStore`` does.
    ///
    /// `KEYS[1]` is the reservation's key. `ARGV`: prefix, rules hash, its TTL (ms), replica id, heartbeat TTL (ms),
    /// reservation id, lease (ms), `1` when an empty store must be rebuilt before admitting, `1` when the hash and this
    /// replica's heartbeat are due a refresh (once a second; a missing hash is written whatever this says), then seven per charge:
    /// kind (`rate`, `quota`, `concurrent`), counter, amount, limit, period (seconds for a rate, a calendar period
    /// for a quota), `1` for a shadow rule, measure.
    ///
    /// Replies `{'rules_differ', hash}`, `{'empty'}`, or `{'admitted'|'refused', replicas, …}` with four items per
    /// charge: remaining, milliseconds until reset, why it would refuse (`''`, `never`, `rate`, `quota`, `inflight`)
    /// and milliseconds until it would fit (both rounded up). A refused request changes no counter, and its statuses
    /// are where the rules stood.
    ///
    /// What settling needs is stored under `KEYS[1]` as length-prefixed fields (`5:quota`), five per entry: kind,
    /// key, amount, measure, and the rate's interval or the slots' reservation id. Length prefixes, not separators:
    /// a counter holds names a caller chose.
    static let admit =
        calendar + """
            local time = redis.call('TIME')
            local secs, micros = tonumber(time[1]), tonumber(time[2])
            local now = (secs - \(epoch)) + micros / 1000000
            local nowMs = secs * 1000 + math.floor(micros / 1000)
            local prefix = ARGV[1]
            local held = redis.call('GET', prefix .. 'rules')
            if held and held ~= ARGV[2] then return {'rules_differ', held} end
            if redis.call('EXISTS', prefix .. 'generation') == 0 then
              if ARGV[8] == '1' then return {'empty'} end
              redis.call('SET', prefix .. 'generation', ARGV[6])
            end
            local replicasKey = prefix .. 'replicas'
            if not held or ARGV[9] == '1' then redis.call('SET', prefix .. 'rules', ARGV[2], 'PX', ARGV[3]) end
            if ARGV[9] == '1' then
              redis.call('ZREMRANGEBYSCORE', replicasKey, '-inf', nowMs)
              redis.call('ZADD', replicasKey, nowMs + tonumber(ARGV[5]), ARGV[4])
              redis.call('PEXPIRE', replicasKey, ARGV[5])
            end
            local replicas = redis.call('ZCARD', replicasKey)
            local id, lease = ARGV[6], tonumber(ARGV[7])

            local function units(seconds, interval, limit)
              local count = math.floor(seconds / interval + 1e-9)
              if count < 0 then return 0 end
              if count >= limit then return limit end
              return count
            end
            local function ms(seconds)
              if seconds <= 0 then return 0 end
              return math.ceil(seconds * 1000 - 1e-6)
            end
            local function field(text) return #text .. ':' .. text end

            -- What a charge would do with `amount`: the status, and for one that fits what applying it writes.
            local function evaluate(c, amount)
              if c.kind == 'rate' then
                local per = tonumber(c.period)
                local interval = per / c.limit
                local stored = tonumber(redis.call('GET', c.key))
                local tat = math.max(stored or now, now)
                local nextTat = tat + amount * interval
                local ahead = nextTat - now
                if ahead <= per + 1e-9 then
                  return {remaining = units(per - ahead, interval, c.limit), reset = ahead, denial = '', retry = 0,
                          tat = nextTat, interval = interval}
                end
                local denial = (amount > c.limit) and 'never' or 'rate'
                return {remaining = units(per - (tat - now), interval, c.limit), reset = tat - now, denial = denial, retry = ahead - per}
              elseif c.kind == 'quota' then
                local start, finish = calendarWindow(c.period, secs)
                local key = prefix .. 'q:' .. string.format('%d', start) .. ':' .. c.counter
                local used = tonumber(redis.call('GET', key)) or 0
                local reset = finish - (secs + micros / 1000000)
                if amount > c.limit then
                  return {remaining = math.max(0, c.limit - used), reset = reset, denial = 'never', retry = 0}
                end
                if used + amount > c.limit then
                  return {remaining = math.max(0, c.limit - used), reset = reset, denial = 'quota', retry = reset}
                end
                return {remaining = c.limit - used - amount, reset = reset, denial = '', retry = 0, key = key, finish = finish}
              else
                redis.call('ZREMRANGEBYSCORE', c.key, '-inf', nowMs)
                local inFlight = redis.call('ZCARD', c.key)
                if inFlight + amount > c.limit then
                  return {remaining = 0, reset = 0, denial = 'inflight', retry = 1}
                end
                return {remaining = math.max(0, c.limit - inFlight - amount), reset = 0, denial = '', retry = 0}
              end
            end

            local charges = {}
            for b = 10, #ARGV, 7 do
              local c = {kind = ARGV[b], counter = ARGV[b + 1], amountText = ARGV[b + 2], amount = tonumber(ARGV[b + 2]),
                         limit = tonumber(ARGV[b + 3]), period = ARGV[b + 4], shadow = ARGV[b + 5] == '1', measure = ARGV[b + 6]}
              if c.kind == 'rate' then c.key = prefix .. 'r:' .. c.counter end
              if c.kind == 'concurrent' then c.key = prefix .. 'c:' .. c.counter end
              charges[#charges + 1] = c
            end
            local results, refused = {}, false
            for n, c in ipairs(charges) do
              results[n] = evaluate(c, c.amount)
              if results[n].denial ~= '' and not c.shadow then refused = true end
            end
            local reply = {refused and 'refused' or 'admitted', replicas}
            local function status(r, shown)
              reply[#reply + 1] = shown.remaining
              reply[#reply + 1] = ms(shown.reset)
              reply[#reply + 1] = r.denial
              reply[#reply + 1] = ms(r.retry)
            end
            if refused then
              for n, c in ipairs(charges) do status(results[n], evaluate(c, 0)) end
              return reply
            end
            local record = {}
            for n, c in ipairs(charges) do
              local r = results[n]
              if r.denial == '' then
                if c.kind == 'rate' then
                  redis.call('SET', c.key, fmt(r.tat), 'PX', math.max(1, math.ceil(r.reset * 1000)))
                  if c.measure ~= 'requests' then
                    record[#record + 1] = 'rate' .. field(c.key) .. field(c.amountText) .. field(c.measure) .. field(fmt(r.interval))
                  end
                elseif c.kind == 'quota' then
                  redis.call('INCRBY', r.key, c.amount)
                  redis.call('PEXPIREAT', r.key, string.format('%d', r.finish * 1000))
                  if c.measure ~= 'requests' then
                    record[#record + 1] = 'quota' .. field(r.key) .. field(c.amountText) .. field(c.measure) .. '0:'
                  end
                else
                  for k = 1, c.amount do redis.call('ZADD', c.key, nowMs + lease, id .. '#' .. k) end
                  redis.call('PEXPIRE', c.key, lease)
                  record[#record + 1] = 'concurrent' .. field(c.key) .. field(c.amountText) .. '8:requests' .. field(id)
                end
              end
              status(r, r)
            end
            if #record > 0 then redis.call('SET', KEYS[1], table.concat(record), 'PX', lease) end
            return reply
            """

    /// Settles one reservation, once: `KEYS[1]` is its key (deleted here, so a replay finds nothing and does
    /// nothing); `ARGV`: tokens used, spend used in millionths of a dollar. Rates move their arrival time by
    /// `actual − reserved` (a refund never before now), quotas their count in the window charged (only while that
    /// window's key lives, never below zero), concurrency slots are freed; requests stay counted.
    /// Replies 1 when it settled, 0 when there was nothing to settle.
    static let settle =
        calendar + recordReader + """
            local record = redis.call('GET', KEYS[1])
            if not record then return 0 end
            redis.call('DEL', KEYS[1])
            local time = redis.call('TIME')
            local now = (tonumber(time[1]) - \(epoch)) + tonumber(time[2]) / 1000000
            local actual = {tokens = tonumber(ARGV[1]) or 0, usd = tonumber(ARGV[2]) or 0}
            for _, e in ipairs(readRecord(record)) do
              if e.k == 'concurrent' then
                for n = 1, e.a do redis.call('ZREM', e.key, e.x .. '#' .. n) end
              elseif e.m ~= 'requests' then
                local delta = (actual[e.m] or 0) - e.a
                if delta ~= 0 and e.k == 'rate' then
                  -- A counter that expired meanwhile is an empty one: debt still counts from now.
                  local tat = tonumber(redis.call('GET', e.key))
                  if not tat and delta > 0 then tat = now end
                  if tat then
                    local moved = tat + delta * tonumber(e.x)
                    if delta < 0 and moved < now then moved = now end
                    redis.call('SET', e.key, fmt(moved), 'PX', math.max(1, math.ceil((moved - now) * 1000)))
                  end
                elseif delta ~= 0 and redis.call('EXISTS', e.key) == 1 then
                  local used = redis.call('INCRBY', e.key, delta)
                  if used < 0 then redis.call('INCRBY', e.key, -used) end
                end
              end
            end
            return 1
            """

    /// Extends the leases of reservations still in flight (long streams): each `KEYS[n]` is a reservation's key;
    /// `ARGV[1]` the lease (ms). A reservation that is still stored lives `lease` more, and so do its concurrency
    /// slots (`ZADD XX`: a slot already freed stays freed). Replies how many reservations were found.
    static let renew =
        recordReader + """
            local time = redis.call('TIME')
            local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local lease = tonumber(ARGV[1])
            local found = 0
            for _, reservation in ipairs(KEYS) do
              local record = redis.call('GET', reservation)
              if record then
                found = found + 1
                redis.call('PEXPIRE', reservation, lease)
                for _, e in ipairs(readRecord(record)) do
                  if e.k == 'concurrent' then
                    for n = 1, e.a do redis.call('ZADD', e.key, 'XX', nowMs + lease, e.x .. '#' .. n) end
                    if redis.call('PTTL', e.key) < lease then redis.call('PEXPIRE', e.key, lease) end
                  end
                end
              end
            end
            return found
            """

    /// Writes quota counters rebuilt from the usage ledger, then the generation marker, unless another replica
    /// already did. `KEYS[1]` is the marker; `ARGV`: prefix, the new generation, the rebuild lock's token, then
    /// triples of key (after the prefix), amount and expiry (Unix ms). A counter already there keeps the larger
    /// of its value and the ledger's.
    static let rebuild = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local prefix = ARGV[1]
        for n = 4, #ARGV, 3 do
          local key = prefix .. ARGV[n]
          local held = tonumber(redis.call('GET', key)) or 0
          if tonumber(ARGV[n + 1]) > held then
            redis.call('SET', key, ARGV[n + 1])
            redis.call('PEXPIREAT', key, ARGV[n + 2])
          end
        end
        redis.call('SET', KEYS[1], ARGV[2])
        if redis.call('GET', prefix .. 'rebuild') == ARGV[3] then redis.call('DEL', prefix .. 'rebuild') end
        return 1
        """

    /// Deletes the rebuild lock if this replica still holds it: `KEYS[1]` the lock, `ARGV[1]` its token.
    static let releaseLock = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """
}
