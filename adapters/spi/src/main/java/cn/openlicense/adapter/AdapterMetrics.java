package cn.openlicense.adapter;

/**
 * What an adapter counts while it reads; the gateway backs it with its own registry so adapters
 * never create one. Called on any thread.
 */
public interface AdapterMetrics {

  /** A page (one HTTP response, or one chunk of a spooled document) was read. */
  void pageFetched();

  /** Body bytes arrived (after decompression where the client decompresses). */
  void bytesReceived(long bytes);

  /** Records were parsed (mapped or rejected). */
  void recordsParsed(int count);

  /** Metrics that go nowhere. */
  static AdapterMetrics noop() {
    return NoMetrics.INSTANCE;
  }
}

/** The no-op {@link AdapterMetrics}. */
enum NoMetrics implements AdapterMetrics {
  INSTANCE;

  @Override
  public void pageFetched() {}

  @Override
  public void bytesReceived(long bytes) {}

  @Override
  public void recordsParsed(int count) {}
}
