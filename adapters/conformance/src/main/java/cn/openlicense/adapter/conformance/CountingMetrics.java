package cn.openlicense.adapter.conformance;

import cn.openlicense.adapter.AdapterMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** {@link AdapterMetrics} that count, for tests to look at. */
public final class CountingMetrics implements AdapterMetrics {

  private final AtomicLong pages = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong records = new AtomicLong();

  @Override
  public void pageFetched() {
    pages.incrementAndGet();
  }

  @Override
  public void bytesReceived(long count) {
    bytes.addAndGet(count);
  }

  @Override
  public void recordsParsed(int count) {
    records.addAndGet(count);
  }

  public long pages() {
    return pages.get();
  }

  public long bytes() {
    return bytes.get();
  }

  public long records() {
    return records.get();
  }
}
