package cn.openlicense.gateway.store;

import cn.openlicense.schema.OpenLicenseListing;
import cn.openlicense.schema.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The content hash that decides whether a pull changed a listing: lower-case hex SHA-256 over the
 * listing's Avro single-object encoding with {@code source.fetchedAt} set to the epoch. Fetch time
 * is the one field that changes on every pull of an unchanged record; everything else the gateway
 * publishes (terms, findings, status, source metadata) counts as content.
 */
public final class ListingHash {

  static {
    cn.openlicense.schema.SchemaTrust.install();
  }

  private static final int SOURCE = OpenLicenseListing.getClassSchema().getField("source").pos();
  private static final int FETCHED_AT = Source.getClassSchema().getField("fetchedAt").pos();

  private ListingHash() {}

  /** The hash of a listing's published content; the listing itself is not modified. */
  public static String of(OpenLicenseListing listing) {
    // a shallow copy: only the source record is replaced, so hashing never touches the caller's
    // objects and costs no deep copy of the listing
    var copy = new OpenLicenseListing();
    for (int i = 0; i < OpenLicenseListing.getClassSchema().getFields().size(); i++) {
      copy.put(i, listing.get(i));
    }
    var source = new Source();
    for (int i = 0; i < Source.getClassSchema().getFields().size(); i++) {
      source.put(i, listing.getSource().get(i));
    }
    source.put(FETCHED_AT, Instant.EPOCH);
    copy.put(SOURCE, source);
    try {
      var encoded = copy.toByteBuffer();
      var digest = MessageDigest.getInstance("SHA-256");
      digest.update(encoded);
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode listing " + listing.getListingId(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
