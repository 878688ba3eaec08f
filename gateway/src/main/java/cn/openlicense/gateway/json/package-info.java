/**
 * json: the JSON view of the Avro records (listings, events, findings) that the CLI and the HTTP
 * API print — plain values, no Avro union wrappers.
 */
package cn.openlicense.gateway.json;
