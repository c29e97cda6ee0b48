-- rateLimit's token bucket kept in Redis, shared by every proxy that uses the same Redis (RedisTokenBuckets).
-- The bucket is a hash with Traefik v3's fields and units: 'last' (microseconds since the epoch of the last request)
-- and 'tokens' (what was left then).
-- KEYS[1]: the bucket. ARGV: tokens a microsecond, burst, seconds an idle bucket is kept, now (microseconds since
-- the epoch), the longest wait (microseconds).
-- Takes one token now, or reserves one that comes later: returns {"true", wait in microseconds, tokens left}. A wait
-- longer than the longest is refused, and the token is not taken.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local longest = tonumber(ARGV[5])

local last = 0
local tokens = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
    if fields[i] == 'last' then
        last = tonumber(fields[i + 1])
    elseif fields[i] == 'tokens' then
        tokens = tonumber(fields[i + 1])
    end
end

local elapsed = math.max(0, now - last)
local left = math.min(burst, tokens + rate * elapsed) - 1
local wait = 0
if left < 0 then
    wait = -left / rate
    if wait > longest then
        left = left + 1
    end
end

redis.call('HSET', KEYS[1], 'last', now, 'tokens', left)
redis.call('EXPIRE', KEYS[1], ttl)
return {tostring(true), tostring(wait), tostring(left)}
