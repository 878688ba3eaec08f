/**
 * harvest: pulling provinces through their adapters — each page normalised and validated off the
 * event loop, its verdicts handed on; writes only through the store contract.
 */
package cn.openlicense.gateway.harvest;
