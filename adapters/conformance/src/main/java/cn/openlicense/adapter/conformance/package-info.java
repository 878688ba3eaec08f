/**
 * The adapter conformance kit: {@link cn.openlicense.adapter.conformance.AdapterConformanceTest}
 * checks an adapter against the SPI's contract over fixtures a real local HTTP server serves.
 */
package cn.openlicense.adapter.conformance;
