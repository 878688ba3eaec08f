/**
 * Pricing guidance (plan §3(3)1): fee statistics over the federated listings — counts, quartiles
 * and where one fee falls among its peers. Plain Java over listings: no Vert.x, no store.
 */
package cn.openlicense.gateway.pricing;
