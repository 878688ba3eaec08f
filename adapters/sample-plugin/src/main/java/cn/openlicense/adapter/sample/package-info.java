/**
 * A sample custom adapter, {@code sample-lines}, packaged as a plugin jar: the example a province
 * copies when its platform serves a format no built-in adapter reads.
 */
package cn.openlicense.adapter.sample;
