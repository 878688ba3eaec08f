/**
 * The RFC 6962 Merkle tree of the transparency log: tree hashes, appending, inclusion and
 * consistency proofs and their verification — plain maths over byte arrays, no store, no I/O.
 */
package cn.openlicense.gateway.trust.merkle;
