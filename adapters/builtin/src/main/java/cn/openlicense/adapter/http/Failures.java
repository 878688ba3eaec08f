package cn.openlicense.adapter.http;

import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceException;
import cn.openlicense.adapter.SourceUnavailableException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;
import javax.xml.stream.XMLStreamException;

/** Turns what went wrong while reading a fetched body into the SPI's exception family. */
final class Failures {

  private Failures() {}

  /**
   * The exception for a failure while parsing the body from {@code url}.
   *
   * @param where the position, e.g. {@code page 2}; may be empty
   */
  static SourceException parsing(Throwable failure, String province, String url, String where) {
    String at = where.isEmpty() ? "" : where + ": ";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SourceException e) {
        return e;
      }
      if (t instanceof StrictReader.UndecodableTextException
          || t instanceof Fetched.BodyTooLargeException
          || t instanceof Fetched.UnsupportedEncodingException) {
        return new SourceDataException(province, url, at + t.getMessage(), failure);
      }
      if (t instanceof ZipException || t instanceof EOFException) {
        return new SourceDataException(province, url,
            at + "the compressed body is corrupt or cut short: " + t.getMessage(), failure);
      }
      if (t instanceof StreamConstraintsException) {
        return new SourceDataException(province, url,
            at + "beyond the parser's limits: " + t.getMessage(), failure);
      }
      if (t instanceof JsonProcessingException e) {
        return new SourceDataException(province, url,
            at + "malformed: " + e.getOriginalMessage() + location(e), failure);
      }
      if (t instanceof XMLStreamException e && e.getNestedException() == null
          && e.getCause() == null) {
        return new SourceDataException(province, url, at + "malformed XML: " + e.getMessage(),
            failure);
      }
    }
    if (failure instanceof IOException) {
      // The spool or a local stream failed, not the province.
      return new SourceUnavailableException(province, url,
          at + "reading the body failed: " + failure, failure);
    }
    if (failure instanceof XMLStreamException e) {
      return new SourceDataException(province, url, at + "malformed XML: " + e.getMessage(),
          failure);
    }
    return new SourceDataException(province, url, at + "cannot read the body: " + failure,
        failure);
  }

  private static String location(JsonProcessingException e) {
    var location = e.getLocation();
    return location == null ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
