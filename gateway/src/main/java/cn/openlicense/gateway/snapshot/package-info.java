/**
 * snapshot: every current listing as one signed Avro object container file, built from the store
 * page by page on a worker, kept under {@code <data.dir>/snapshots/} and served from there.
 */
package cn.openlicense.gateway.snapshot;
