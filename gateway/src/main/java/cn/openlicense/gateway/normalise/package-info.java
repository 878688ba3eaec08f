/**
 * normalise: turns a province's raw text into canonical values; plain Java, no I/O.
 * Every province's text goes through the same rules here, so listings compare like for like.
 */
package cn.openlicense.gateway.normalise;
