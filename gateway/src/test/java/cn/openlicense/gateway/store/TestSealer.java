package cn.openlicense.gateway.store;

import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Signature;
import io.vertx.core.Context;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Seals events with a dummy signature ({@code sig-<seq>}) and remembers every call: the seqs in
 * the order it was asked, and whether any call came on an event loop.
 */
public final class TestSealer implements EventSealer {

  private final List<Long> seqs = new ArrayList<>();
  private boolean calledOnEventLoop;

  @Override
  public synchronized ListingEvent seal(long seq, long logIndex, EventType type, String listingId,
      Instant at, OpenLicenseListing listing) {
    seqs.add(seq);
    calledOnEventLoop |= Context.isOnEventLoopThread();
    var signature = Signature.newBuilder()
        .setKeyId("test")
        .setAlg("none")
        .setValue(ByteBuffer.wrap(("sig-" + seq).getBytes(StandardCharsets.UTF_8)))
        .build();
    return ListingEvent.newBuilder()
        .setSeq(seq)
        .setType(type)
        .setListingId(listingId)
        .setAt(at)
        .setListing(listing)
        .setSignature(signature)
        .setLogIndex(logIndex)
        .build();
  }

  public synchronized List<Long> seqs() {
    return List.copyOf(seqs);
  }

  public synchronized boolean calledOnEventLoop() {
    return calledOnEventLoop;
  }
}
