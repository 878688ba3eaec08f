/**
 * The adapter SPI: a {@link cn.openlicense.adapter.SourceAdapter} turns a province's feed into
 * {@link cn.openlicense.adapter.SourceRecord}s, driven by a declared
 * {@link cn.openlicense.adapter.ConfigDef}.
 * Depends on the JDK plus the Vert.x core and web client the gateway hands every adapter.
 */
package cn.openlicense.adapter;
