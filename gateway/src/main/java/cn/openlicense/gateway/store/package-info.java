/**
 * store: the one store contract ({@link cn.openlicense.gateway.store.ListingStore}) and its
 * engines — listings, the gap-free event log, quarantine, province state, run reports. Knows
 * nothing of HTTP.
 */
package cn.openlicense.gateway.store;
