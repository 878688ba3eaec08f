/**
 * The one benchmark driver: end-to-end figures of a gateway at a given size, each printed beside
 * the limit it is measured against in the same run, and the small-mode test that keeps it working.
 */
package cn.openlicense.gateway.bench;
