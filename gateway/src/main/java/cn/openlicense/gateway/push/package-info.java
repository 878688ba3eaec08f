/**
 * push: receiving listings a province POSTs — the signed message, the timestamp window, nonces,
 * the per-province rate limit and the ledger of received pushes — independent of HTTP.
 */
package cn.openlicense.gateway.push;
