package cn.openlicense.gateway.ops;

import java.util.List;

/**
 * Every metric the gateway exports that the alert rules and dashboards rely on, named once.
 * Prometheus conventions: base units in names, {@code _total} on counters, bounded labels
 * ({@code province} is a registered GB/T 2260 code, {@code outcome} a run outcome).
 * A test checks the deploy artefacts use only these names (plus JVM, HTTP server and cache
 * metrics from the standard binders).
 */
public final class MetricNames {

  /** Histogram of pull durations, labels {@code province}, {@code outcome}. */
  public static final String PULL_DURATION = "olgw_province_pull_duration_seconds";
  /** Counter of runs, labels {@code province}, {@code outcome} (applied, not_modified, held, failed). */
  public static final String RUNS = "olgw_province_runs_total";
  /** Counter of listings changed by runs, labels {@code province}, {@code change} (created, changed, withdrawn). */
  public static final String LISTING_CHANGES = "olgw_province_listing_changes_total";
  /** Gauge of current listings, labels {@code province}, {@code status} (active, withdrawn). */
  public static final String LISTINGS = "olgw_province_listings";
  /** Gauge of quarantined records, label {@code province}. */
  public static final String QUARANTINED = "olgw_province_quarantined_records";
  /** Gauge: seconds since the province's last successful pull, label {@code province}. */
  public static final String LAST_SUCCESS_AGE = "olgw_province_last_success_age_seconds";
  /** Gauge: 1 while the province's circuit breaker is open, else 0, label {@code province}. */
  public static final String CIRCUIT_OPEN = "olgw_province_circuit_open";
  /** Gauge: 1 while a pull of the province is held for an operator, label {@code province}. */
  public static final String HELD_PULL = "olgw_province_held_pull";
  /** Gauge: the province's data-quality score, 0 to 1, label {@code province}. */
  public static final String QUALITY_SCORE = "olgw_province_quality_score";
  /** Counter of events committed to the feed, label {@code type} (upsert, withdraw). */
  public static final String EVENTS = "olgw_events_total";
  /** Gauge: the newest committed seq. */
  public static final String FEED_HEAD_SEQ = "olgw_feed_head_seq";
  /** Gauge: seconds since the newest event was committed. */
  public static final String LAST_EVENT_AGE = "olgw_feed_last_event_age_seconds";
  /** Timer of store commits, label {@code store} (sqlite, postgres). */
  public static final String STORE_COMMIT = "olgw_store_commit_seconds";
  /** Timer of event signing, label {@code profile} (intl, gm). */
  public static final String SIGN = "olgw_sign_seconds";
  /** Gauge of refused province files. */
  public static final String REFUSED_PROVINCE_FILES = "olgw_province_files_refused";
  /** Counter of webhook delivery attempts, label {@code outcome} (delivered, failed, dead). */
  public static final String WEBHOOK_DELIVERIES = "olgw_webhook_deliveries_total";
  /** Gauge of webhook deliveries waiting (PENDING) in the outbox. */
  public static final String WEBHOOK_PENDING = "olgw_webhook_pending_deliveries";

  private MetricNames() {}

  /**
   * Every name above that the dashboard must show (histograms and timers also export
   * _bucket/_count/_sum series); the webhook ones have no panel yet.
   */
  public static List<String> all() {
    return List.of(PULL_DURATION, RUNS, LISTING_CHANGES, LISTINGS, QUARANTINED, LAST_SUCCESS_AGE,
        CIRCUIT_OPEN, HELD_PULL, QUALITY_SCORE, EVENTS, FEED_HEAD_SEQ, LAST_EVENT_AGE, STORE_COMMIT,
        SIGN, REFUSED_PROVINCE_FILES, WEBHOOK_DELIVERIES, WEBHOOK_PENDING);
  }
}
