/**
 * store.sqlite: the embedded store engine — one SQLite file in WAL mode, reached through the
 * Vert.x JDBC client on worker threads, one writer connection, versioned SQL migrations.
 */
package cn.openlicense.gateway.store.sqlite;
