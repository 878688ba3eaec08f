/**
 * The built-in pull adapters, {@code json-http}, {@code csv-http} and {@code xml-http}: a province
 * onboards with a config file alone. They share bounded, time-limited fetching and field mapping.
 */
package cn.openlicense.adapter.http;
