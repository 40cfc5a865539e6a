-- SPDX-License-Identifier: Apache-2.0
-- A Lua 5.4 script suite for tests/real-projects/run. The Debian source of
-- lua5.4 does not ship Lua's own test suite (lua-5.4.x-tests is a separate
-- tarball from lua.org), so this suite exercises the interpreter's core and
-- standard libraries instead. Every check is an assert; the printed output
-- is deterministic, so the runner also compares it between the reference
-- build and the flexcc build.
--
-- usage: lua lua-suite.lua [cmod-dir]   (cmod-dir: where flexcc_cmod.so is)

local cmoddir = ...
local passed = 0
local function section(name, f)
  f()
  passed = passed + 1
  print(string.format("ok %2d %s", passed, name))
end

section("integers and floats", function()
  assert(math.type(1) == "integer" and math.type(1.0) == "float")
  assert(math.maxinteger + 1 == math.mininteger)          -- wraps around
  assert(7 // 2 == 3 and -7 // 2 == -4 and 7 % -3 == -2)
  assert(7.0 // 2 == 3.0 and math.type(7.0 // 2) == "float")
  assert(3 / 2 == 1.5 and 2^10 == 1024.0)
  assert(1 << 62 == 4611686018427387904 and (1 << 64) == 0)
  assert(0xff ~ 0x0f == 0xf0 and ~0 == -1 and -1 >> 63 == 1)
  assert(math.tointeger(3.0) == 3 and math.tointeger(3.5) == nil)
  assert(tostring(1e15) == "1e+15" and tostring(2^53) == "9.007199254741e+15")
  assert(string.format("%.17g", 0.1) == "0.10000000000000001")
  assert(math.ult(1, -1) and not math.ult(-1, 1))
  assert(math.abs(math.sin(math.pi / 6) - 0.5) < 1e-15)
  assert(math.floor(-3.5) == -4 and math.ceil(-3.5) == -3)
  assert(tonumber("0x10") == 16 and tonumber("  12  ") == 12 and tonumber("1e2") == 100.0)
  assert(tonumber("z", 36) == 35 and tonumber("777", 8) == 511 and tonumber("1x") == nil)
  assert(math.huge > math.maxinteger and -math.huge < math.mininteger)
  local nan = 0/0
  assert(nan ~= nan)
  assert(3 == 3.0 and "10" + 1 == 11 and "3" * "4" == 12)
end)

section("strings and patterns", function()
  local s = "hello world from lua"
  assert(#s == 20 and s:upper() == "HELLO WORLD FROM LUA")
  assert(s:sub(7, 11) == "world" and s:sub(-3) == "lua")
  assert(s:find("o w") == 5 and s:find("l+") == 3)
  assert(select(2, s:gsub("o", "0")) == 3)
  assert(("abc"):rep(3, ",") == "abc,abc,abc")
  local words = {}
  for w in s:gmatch("%a+") do words[#words + 1] = w end
  assert(table.concat(words, "|") == "hello|world|from|lua")
  assert(("key = value"):match("^(%w+)%s*=%s*(%w+)$") == "key")
  assert(("THE (quick) fox"):find("%((%a+)%)") == 5)
  assert(("%bxy"):len() == 4 and ("f(a(b)c)d"):match("%b()") == "(a(b)c)")
  assert(("hello"):gsub("l", {l = "L"}) == "heLLo")
  assert(("abc"):gsub("%w", function(c) return c:byte() .. "," end) == "97,98,99,")
  assert(("  trim me  "):match("^%s*(.-)%s*$") == "trim me")
  assert(("THE END"):lower():reverse() == "dne eht")
  assert(string.format("%5.2f|%-5d|%x|%q", 3.14159, 42, 255, "a\nb") ==
         " 3.14|42   |ff|\"a\\\nb\"")
  assert(string.format("%s %s", 1, 1.5) == "1 1.5")
  assert(string.char(72, 105) == "Hi" and ("Hi"):byte(2) == 105)
  assert(("x"):rep(0) == "" and ("abc"):sub(5) == "")
  assert(("f%d"):format(7) == "f7" and tostring(nil) == "nil")
end)

section("string.pack", function()
  local p = string.pack("<i4 >I2 z s1 d", -2, 0x1234, "zs", "ab", 0.25)
  assert(#p == 4 + 2 + 3 + 3 + 8)
  local a, b, c, d, e = string.unpack("<i4 >I2 z s1 d", p)
  assert(a == -2 and b == 0x1234 and c == "zs" and d == "ab" and e == 0.25)
  assert(string.packsize("i8 i1 !8 i8") == 24)
  assert(p:sub(5, 6) == "\x12\x34")
end)

section("utf8", function()
  local s = utf8.char(72, 228, 8364, 128512)
  assert(#s == 1 + 2 + 3 + 4 and utf8.len(s) == 4)
  local cps = {}
  for _, c in utf8.codes(s) do cps[#cps + 1] = c end
  assert(table.concat(cps, ",") == "72,228,8364,128512")
  assert(utf8.offset(s, 3) == 4 and utf8.codepoint(s, 4) == 8364)
  assert(utf8.len("\xff") == nil)
end)

section("tables", function()
  local t = {}
  for i = 1, 1000 do t[i] = (i * 7919) % 1009 end
  table.sort(t)
  for i = 2, #t do assert(t[i - 1] <= t[i]) end
  table.sort(t, function(a, b) return a > b end)
  assert(t[1] == 1008)
  local u = {1, 2, 3}
  table.insert(u, 4); table.insert(u, 1, 0)
  assert(table.concat(u, " ") == "0 1 2 3 4")
  assert(table.remove(u) == 4 and table.remove(u, 1) == 0)
  assert(table.concat(table.move({1, 2, 3}, 1, 3, 2, {9}), ",") == "9,1,2,3")
  local a, b, c = table.unpack({1, 2, 3})
  assert(a + b + c == 6 and select("#", table.unpack({}, 1, 3)) == 3)
  assert(table.pack(1, nil, 3).n == 3)
  local h, n = {}, 0
  for i = 1, 5000 do h["k" .. i] = i end
  for k, v in pairs(h) do n = n + v end
  assert(n == 5000 * 5001 // 2)
  h.k1 = nil
  assert(next({}) == nil and rawlen({1, 2}) == 2)
end)

section("closures and varargs", function()
  local function counter()
    local n = 0
    return function() n = n + 1; return n end
  end
  local c1, c2 = counter(), counter()
  c1(); c1()
  assert(c1() == 3 and c2() == 1)
  local fs = {}
  for i = 1, 3 do fs[i] = function() return i end end
  assert(fs[1]() + fs[2]() + fs[3]() == 6)
  local function va(...)
    return select("#", ...), select(2, ...)
  end
  local n, second = va(1, nil, 3)
  assert(n == 3 and second == nil)
  local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end
  assert(fib(25) == 75025)
  local function tail(k) if k == 0 then return "done" end return tail(k - 1) end
  assert(tail(1000000) == "done")                   -- proper tail calls
end)

section("goto and control flow", function()
  local s = 0
  for i = 1, 10 do
    if i % 2 == 0 then goto continue end
    s = s + i
    ::continue::
  end
  assert(s == 25)
  local i, r = 0, 0
  repeat local j = i; i = i + 1; r = r + j until j >= 4
  assert(r == 10)
  local w = 0
  while true do w = w + 1; if w == 7 then break end end
  assert(w == 7)
  local acc = {}
  for k = 10, 1, -3 do acc[#acc + 1] = k end
  assert(table.concat(acc, ",") == "10,7,4,1")
  for x = 1.0, 2.0, 0.5 do acc[#acc + 1] = x end
  assert(acc[#acc] == 2.0)
end)

section("metatables", function()
  local V = {}
  V.__index = V
  V.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, V) end
  V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
  V.__lt = function(a, b) return a:len2() < b:len2() end
  V.__le = function(a, b) return a:len2() <= b:len2() end
  V.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
  V.__len = function() return 2 end
  V.__call = function(self, k) return self[k] end
  V.__concat = function(a, b) return tostring(a) .. tostring(b) end
  V.__unm = function(a) return setmetatable({x = -a.x, y = -a.y}, V) end
  function V:len2() return self.x * self.x + self.y * self.y end
  local function new(x, y) return setmetatable({x = x, y = y}, V) end
  local a, b = new(1, 2), new(3, 4)
  assert(tostring(a + b) == "(4,6)" and a + b == new(4, 6))
  assert(a < b and a <= b and not (b < a) and #a == 2 and a("y") == 2)
  assert(a .. b == "(1,2)(3,4)" and tostring(-a) == "(-1,-2)")
  local log = {}
  local proxy = setmetatable({}, {
    __index = function(_, k) log[#log + 1] = "get " .. k; return k .. "!" end,
    __newindex = function(t, k, v) log[#log + 1] = "set " .. k; rawset(t, k, v) end,
  })
  assert(proxy.foo == "foo!")
  proxy.bar = 1
  assert(proxy.bar == 1 and table.concat(log, ";") == "get foo;set bar")
  assert(getmetatable("x").__index == string)
  local ro = setmetatable({}, {__metatable = "locked"})
  assert(getmetatable(ro) == "locked" and not pcall(setmetatable, ro, {}))
end)

section("errors", function()
  local ok, err = pcall(error, {code = 42})
  assert(not ok and err.code == 42)
  ok, err = pcall(function() local x = nil; return x.y end)
  assert(not ok and err:find("attempt to index a nil value"))
  ok, err = pcall(error, "msg", 0)
  assert(err == "msg")
  local tb
  ok = xpcall(function() error("deep") end, function(m) tb = debug.traceback(m, 1); return m end)
  assert(not ok and tb:find("deep") and tb:find("stack traceback"))
  ok, err = pcall(function() return 1 + {} end)
  assert(not ok and err:find("arithmetic"))
  ok, err = pcall(string.rep)
  assert(not ok and err:find("bad argument #1"))
  assert(select("#", pcall(function() return 1, 2, 3 end)) == 4)
  local depth = 0
  local function rec() depth = depth + 1; return 1 + rec() end
  ok, err = pcall(rec)
  assert(not ok and err:find("stack overflow") and depth > 1000)
  ok, err = pcall(error, setmetatable({}, {__tostring = function() return "E!" end}))
  assert(tostring(err) == "E!")
end)

section("coroutines", function()
  local function gen(n)
    return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
  end
  local s = 0
  for v in gen(100) do s = s + v end
  assert(s == 5050)
  local co = coroutine.create(function(a, b)
    local c = coroutine.yield(a + b)
    local d, e = coroutine.yield(c * 2)
    return d + e
  end)
  assert(select(2, coroutine.resume(co, 1, 2)) == 3)
  assert(select(2, coroutine.resume(co, 10)) == 20)
  assert(select(2, coroutine.resume(co, 3, 4)) == 7)
  assert(coroutine.status(co) == "dead" and not coroutine.resume(co))
  local bad = coroutine.create(function() error("inside") end)
  local ok, err = coroutine.resume(bad)
  assert(not ok and err:find("inside"))
  assert(coroutine.isyieldable() == false)
  local closed = false
  local co2 = coroutine.create(function()
    local _ <close> = setmetatable({}, {__close = function() closed = true end})
    coroutine.yield()
  end)
  coroutine.resume(co2)
  assert(coroutine.close(co2) and closed)
  -- producer/consumer through many resumes
  local prod = coroutine.create(function()
    for i = 1, 10000 do coroutine.yield(i % 7) end
    return -1
  end)
  local total = 0
  while true do
    local _, v = coroutine.resume(prod)
    if v == -1 then break end
    total = total + v
  end
  assert(total == 29998)
end)

section("to-be-closed variables", function()
  local order = {}
  local function closer(name)
    return setmetatable({}, {__close = function(_, e) order[#order + 1] = name .. (e and "!" or "") end})
  end
  do
    local a <close> = closer("a")
    local b <close> = closer("b")
    local c <const> = 3
    assert(c == 3)
  end
  pcall(function()
    local x <close> = closer("x")
    error("boom")
  end)
  assert(table.concat(order, ",") == "b,a,x!")
end)

section("load and string.dump", function()
  local f = assert(load("local a, b = ... return a * b"))
  assert(f(6, 7) == 42)
  local env = {y = 5}
  local g = assert(load("x = y * 2 return x", "chunk", "t", env))
  assert(g() == 10 and env.x == 10 and rawget(_G, "x") == nil)
  local bin = string.dump(function(n) local s = 0 for i = 1, n do s = s + i end return s end)
  assert(bin:sub(1, 4) == "\27Lua")
  assert(load(bin, "bin", "b")(100) == 5050)
  assert(not load(bin, "bin", "t"))
  local ok, err = load("return +")
  assert(not ok and err:find("unexpected symbol"))
  local parts, i = {"return ", "1 ", "+ 41"}, 0
  assert(load(function() i = i + 1; return parts[i] end)() == 42)
end)

section("garbage collector", function()
  collectgarbage("collect")
  local before = collectgarbage("count")
  do
    local big = {}
    for i = 1, 200000 do big[i] = {i, tostring(i)} end
    assert(#big == 200000)
  end
  collectgarbage("collect")
  assert(collectgarbage("count") < before + 1024)
  local weak = setmetatable({}, {__mode = "k"})
  weak[{}] = 1
  collectgarbage("collect")
  assert(next(weak) == nil)
  local finalized = 0
  for _ = 1, 10 do setmetatable({}, {__gc = function() finalized = finalized + 1 end}) end
  collectgarbage("collect"); collectgarbage("collect")
  assert(finalized == 10)
  assert(collectgarbage("incremental") == "incremental" or true)
  collectgarbage("generational")
  for i = 1, 100000 do local _ = {i} end
  collectgarbage("incremental")
  assert(collectgarbage("isrunning"))
end)

section("math.random with a seed", function()
  math.randomseed(42)
  local first = {}
  for i = 1, 5 do first[i] = math.random(1000) end
  math.randomseed(42)
  for i = 1, 5 do assert(math.random(1000) == first[i]) end
  for _ = 1, 1000 do
    local r = math.random(); assert(r >= 0 and r < 1)
    local k = math.random(-3, 3); assert(k >= -3 and k <= 3)
  end
  print("   random(1000) x5 after seed 42: " .. table.concat(first, " "))
end)

section("io and os", function()
  local name = os.tmpname()
  local f = assert(io.open(name, "wb"))
  f:write("line 1\n", 2, "\n", 3.5, "\nlast")
  f:close()
  local lines = {}
  for l in io.lines(name) do lines[#lines + 1] = l end
  assert(table.concat(lines, "|") == "line 1|2|3.5|last")
  f = assert(io.open(name, "rb"))
  assert(f:read("l") == "line 1" and f:read("n") == 2 and f:read("n") == 3.5)
  assert(f:seek("set", 2) == 2 and f:read(4) == "ne 1")
  assert(f:seek("end") == 17)
  f:close()
  assert(io.type(f) == "closed file")
  assert(os.remove(name))
  assert(not io.open(name, "r"))
  assert(os.time({year = 2000, month = 1, day = 1, hour = 12}) > 0)
  assert(os.date("!%Y-%m-%d", 0) == "1970-01-01")
  assert(type(os.clock()) == "number" and os.getenv("FLEXCC_SURELY_UNSET_VAR") == nil)
  local p = io.popen("echo popen-works")
  assert(p:read("l") == "popen-works" and p:close())
end)

section("a little program: word frequencies and JSON-ish output", function()
  local text = [[the quick brown fox jumps over the lazy dog the dog barks
  and the fox runs quick quick away]]
  local freq = {}
  for w in text:gmatch("%a+") do freq[w] = (freq[w] or 0) + 1 end
  local keys = {}
  for k in pairs(freq) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if freq[a] ~= freq[b] then return freq[a] > freq[b] end
    return a < b
  end)
  local out = {}
  for i = 1, 4 do out[i] = string.format("%q:%d", keys[i], freq[keys[i]]) end
  local json = "{" .. table.concat(out, ",") .. "}"
  print("   " .. json)
  assert(json == '{"the":4,"quick":3,"dog":2,"fox":2}')
end)

section("a little program: sieve and big loops", function()
  local N, sieve, count = 100000, {}, 0
  for i = 2, N do
    if not sieve[i] then
      count = count + 1
      for j = i * i, N, i do sieve[j] = true end
    end
  end
  assert(count == 9592)
  local h = 0
  for i = 1, 1000000 do h = (h * 31 + i) & 0xffffffff end
  print("   primes below 1e5: " .. count .. ", hash: " .. h)
end)

section("require and package", function()
  assert(package.loaded.string == string and package.config:sub(1, 1) == "/")
  package.preload["virtual.mod"] = function(name) return {name = name} end
  assert(require("virtual.mod").name == "virtual.mod")
  assert(require("virtual.mod") == package.loaded["virtual.mod"])
  local ok = pcall(require, "surely.not.a.module")
  assert(not ok)
end)

if cmoddir then
  section("a C module built as a shared object", function()
    package.cpath = cmoddir .. "/?.so"
    local m = require("flexcc_cmod")
    assert(m.add(2, 40) == 42)
    assert(m.concat("a", 1, "b", 2.5) == "a1b2.5")
    local ok, err = pcall(m.add, "x")
    assert(not ok and err:find("number expected"))
    assert(m.sum({1, 2, 3, 4}) == 10)
    assert(m.counter() == 1 and m.counter() == 2)
  end)
end

print(string.format("ALL OK (%d sections)", passed))
