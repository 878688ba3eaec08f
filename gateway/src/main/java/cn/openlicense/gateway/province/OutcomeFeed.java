package cn.openlicense.gateway.province;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A province's licence-outcome feed (the {@code outcomes:} block of its file): one JSON document
 * the gateway fetches after each of the province's listing pulls.
 *
 * @param url where the JSON is served (http or https)
 * @param itemsPointer JSON pointer to the array of outcomes; empty: the document is the array
 * @param mapping outcome key (see {@code OutcomeField}) → JSON pointer inside one item
 * @param timeout for the whole fetch
 * @param maxBodyBytes the largest document accepted
 */
public record OutcomeFeed(URI url, String itemsPointer, Map<String, String> mapping,
    Duration timeout, long maxBodyBytes) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final long DEFAULT_MAX_BODY = 16L << 20;

  public OutcomeFeed {
    mapping = Map.copyOf(mapping);
  }
}
