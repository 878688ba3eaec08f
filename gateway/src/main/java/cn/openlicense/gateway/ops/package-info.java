/**
 * ops: what operators watch — Prometheus metrics (names fixed in {@link
 * cn.openlicense.gateway.ops.MetricNames}), health checks, the data-quality score.
 */
package cn.openlicense.gateway.ops;
