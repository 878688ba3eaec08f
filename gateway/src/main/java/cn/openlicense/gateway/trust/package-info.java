/**
 * Trust: crypto profiles, the gateway's keys, event and snapshot signatures, and signed
 * checkpoints of the transparency log in formats stock tools (openssl, Go's sumdb) verify.
 */
package cn.openlicense.gateway.trust;
