/**
 * store.postgres: the shared store engine — one PostgreSQL database behind several replicas, via
 * the Vert.x reactive client; seq allocated under one lock, province leases, change notices.
 */
package cn.openlicense.gateway.store.postgres;
