/**
 * api: the HTTP surface — one Router table, small handlers, problem+json errors. Reads through
 * the store contract and the cache; never reaches into harvest internals.
 */
package cn.openlicense.gateway.api;
