/**
 * Schema evolution: the released versions of the Avro contract and the check that every change to
 * the current schemas stays backward- and forward-compatible with each of them.
 */
package cn.openlicense.schema.evolution;
