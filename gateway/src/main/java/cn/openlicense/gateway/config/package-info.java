/**
 * config: the gateway's own settings ({@code gateway.yaml}) and, later, the province registry;
 * read once at the edge and refused whole, with every bad key named, when wrong.
 */
package cn.openlicense.gateway.config;
