/* SPDX-License-Identifier: Apache-2.0 */
/* A small Lua C module for tests/real-projects/run: built with flexcc as a
 * shared object (-shared -fPIC) and loaded by the lua binary with require, so
 * its calls into the Lua API resolve against the executable (-Wl,-E). */
#include "lua.h"
#include "lauxlib.h"

static int counter_value;

static int cmod_add(lua_State *L) {
  lua_Number a = luaL_checknumber(L, 1);
  lua_Number b = luaL_checknumber(L, 2);
  if (lua_isinteger(L, 1) && lua_isinteger(L, 2))
    lua_pushinteger(L, lua_tointeger(L, 1) + lua_tointeger(L, 2));
  else
    lua_pushnumber(L, a + b);
  return 1;
}

static int cmod_concat(lua_State *L) {
  luaL_Buffer b;
  int n = lua_gettop(L);
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; i++) {
    luaL_tolstring(L, i, NULL);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  return 1;
}

static int cmod_sum(lua_State *L) {
  lua_Integer s = 0;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer n = luaL_len(L, 1);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_geti(L, 1, i);
    s += luaL_checkinteger(L, -1);
    lua_pop(L, 1);
  }
  lua_pushinteger(L, s);
  return 1;
}

static int cmod_counter(lua_State *L) {
  lua_pushinteger(L, ++counter_value);
  return 1;
}

static const luaL_Reg cmod_funcs[] = {
  {"add", cmod_add},
  {"concat", cmod_concat},
  {"sum", cmod_sum},
  {"counter", cmod_counter},
  {NULL, NULL},
};

int luaopen_flexcc_cmod(lua_State *L) {
  luaL_newlib(L, cmod_funcs);
  return 1;
}
