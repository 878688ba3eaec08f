package cn.openlicense.simulator;

/**
 * How a simulated province platform misbehaves on its listing routes (the JSON API, the CSV or the
 * XML export). Control routes and detail pages are never affected.
 */
public enum Fault {
  /** Behave. */
  NONE,
  /** Answer 500 with an error page. */
  HTTP_500,
  /** Accept the request and never answer. */
  TIMEOUT,
  /** Answer 200 and send the real body one byte per trickle interval. */
  TRICKLE,
  /** Declare a Content-Length larger than what is sent, send part of the body, then close. */
  TRUNCATED,
  /** Stream far more data than any limit (valid-looking records, generated on the fly). */
  OVERSIZED,
  /** Answer {@code Content-Encoding: gzip} over at least 1 GiB of zeros, compressed on the fly. */
  GZIP_BOMB,
  /** Send the real body with byte sequences that are invalid in the declared charset. */
  INVALID_ENCODING,
  /** The JSON API returns page 1's records for every page requested, so paging never ends. */
  REPEAT_PAGE,
  /** Answer 200 with garbage instead of JSON, CSV or XML. */
  MALFORMED
}
