package cn.openlicense.gateway.store;

import cn.openlicense.schema.ListingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.nio.ByteOrder;
import org.apache.avro.SchemaNormalization;

/**
 * One change-feed event as stored: its {@code seq} and its Avro single-object encoding (the two
 * marker bytes {@code C3 01}, the writer schema's 8-byte CRC-64-AVRO fingerprint, then the binary
 * datum).
 *
 * @param seq the event's feed position
 * @param singleObject the single-object encoding, never modified
 */
public record EncodedEvent(long seq, byte[] singleObject) {

  /** Length of the single-object header: marker and fingerprint. */
  public static final int HEADER = 10;

  private static final byte[] CURRENT_HEADER = header();

  public EncodedEvent {
    if (singleObject.length < HEADER || singleObject[0] != (byte) 0xC3
        || singleObject[1] != (byte) 0x01) {
      throw new IllegalArgumentException("event " + seq + " is not an Avro single-object encoding");
    }
  }

  /** Encodes an event. */
  public static EncodedEvent of(ListingEvent event) {
    try {
      var buffer = event.toByteBuffer();
      var bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return new EncodedEvent(event.getSeq(), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode event " + event.getSeq(), e);
    }
  }

  /**
   * Whether the event was written with the schema this build reads and writes: only then may its
   * datum be copied as it is into a file declared with that schema. An older writer schema must go
   * through {@link #decode()}, which resolves it.
   */
  public boolean writtenWithCurrentSchema() {
    return Arrays.equals(singleObject, 0, HEADER, CURRENT_HEADER, 0, HEADER);
  }

  /** The binary datum after the header, as a read-only view. */
  public ByteBuffer datum() {
    return ByteBuffer.wrap(singleObject, HEADER, singleObject.length - HEADER).asReadOnlyBuffer();
  }

  /** The event, decoded (resolving an older writer schema). */
  public ListingEvent decode() {
    try {
      return ListingEvent.fromByteBuffer(ByteBuffer.wrap(singleObject));
    } catch (IOException e) {
      throw new UncheckedIOException("stored event " + seq + " cannot be decoded", e);
    }
  }

  /** The marker, then the fingerprint little-endian, as the Avro specification lays it out. */
  private static byte[] header() {
    long fingerprint = SchemaNormalization.parsingFingerprint64(ListingEvent.getClassSchema());
    var header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    header.put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint);
    return header.array();
  }
}
