package cn.openlicense.gateway.store;

import java.time.Instant;

/** One run of a province's pull, as the store knows it while it is staged. */
public record HarvestRun(long runId, String provinceCode, String adapter, Instant startedAt) {}
