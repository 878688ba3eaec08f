/**
 * The adapter SPI: what a province adapter hands the gateway ({@link cn.openlicense.adapter.SourceRecord}s
 * keyed by {@link cn.openlicense.adapter.CanonicalField}). Depends on the JDK alone.
 */
package cn.openlicense.adapter;
