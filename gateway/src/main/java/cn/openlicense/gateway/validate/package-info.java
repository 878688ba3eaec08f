/**
 * validate: the rules a normalised listing must meet before it is published, each raising a
 * finding from the catalogue; plain Java, no I/O.
 */
package cn.openlicense.gateway.validate;
