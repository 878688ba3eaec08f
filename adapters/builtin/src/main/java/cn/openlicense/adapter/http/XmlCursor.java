package cn.openlicense.adapter.http;

import cn.openlicense.adapter.RejectedRecord;
import cn.openlicense.adapter.SourceDataException;
import cn.openlicense.adapter.SourceRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads the items of a spooled XML document, a page at a time, with the JDK's StAX. */
final class XmlCursor implements SpooledTask.Cursor {

  record Settings(String itemElement, Charset encoding, int maxField) {}

  /** Deepest element nesting accepted. */
  static final int MAX_DEPTH = 64;

  private static final Pattern DECLARED_ENCODING = Pattern.compile(
      "^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

  private final Settings settings;
  private final Mapping mapping;
  private final String province;
  private final String url;
  private final StrictReader reader;
  private final XMLStreamReader xml;
  private int depth;
  private int itemNumber;
  private boolean atItem;

  XmlCursor(InputStream body, Settings settings, Mapping mapping, String province, String url)
      throws IOException, XMLStreamException {
    this.settings = settings;
    this.mapping = mapping;
    this.province = province;
    this.url = url;
    var in = new BufferedInputStream(body, 65_536);
    this.reader = StrictReader.open(in, charset(in, settings.encoding()));
    this.xml = factory().createXMLStreamReader(reader);
  }

  /** A StAX factory that never reads a DTD nor resolves an external entity. */
  static XMLInputFactory factory() {
    var factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    return factory;
  }

  private Charset charset(BufferedInputStream in, Charset configured) throws IOException {
    if (configured != null) {
      return configured;
    }
    in.mark(1024);
    byte[] head = in.readNBytes(1024);
    in.reset();
    var declared = DECLARED_ENCODING.matcher(new String(head, StandardCharsets.ISO_8859_1)
        .replace("\uFEFF", "").replace("\u00EF\u00BB\u00BF", ""));
    if (!declared.find()) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(declared.group(1));
    } catch (IllegalArgumentException e) {
      throw new SourceDataException(province, url, "the document declares encoding '"
          + declared.group(1) + "', which this JVM does not know; set the encoding key");
    }
  }

  @Override
  public boolean next(int max, Instant fetchedAt, List<SourceRecord> records,
      List<RejectedRecord> rejected) throws XMLStreamException {
    int read = 0;
    while (read < max) {
      if (!atItem && !advanceToItem()) {
        return false;
      }
      atItem = false;
      int line = xml.getLocation().getLineNumber();
      var item = readItem();
      read++;
      itemNumber++;
      String position = "item " + itemNumber + " (line " + line + ")";
      if (item.tooLong() != null) {
        rejected.add(new RejectedRecord(position, item.raw(), item.tooLong()));
        continue;
      }
      mapping.apply(item, position, fetchedAt, records, rejected);
    }
    atItem = advanceToItem();
    return atItem;
  }

  /** Moves to the start of the next item; false at the end of the document. */
  private boolean advanceToItem() throws XMLStreamException {
    while (xml.hasNext()) {
      int event = xml.next();
      switch (event) {
        case XMLStreamConstants.DTD -> throw new SourceDataException(province, url,
            "DTD not allowed (a DOCTYPE at line " + xml.getLocation().getLineNumber()
                + "); the export must not declare one");
        case XMLStreamConstants.START_ELEMENT -> {
          enter();
          if (xml.getLocalName().equals(settings.itemElement())) {
            return true;
          }
        }
        case XMLStreamConstants.END_ELEMENT -> depth--;
        default -> { }
      }
    }
    return false;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw new SourceDataException(province, url, "elements nested deeper than " + MAX_DEPTH
          + " at line " + xml.getLocation().getLineNumber());
    }
  }

  /** Reads the item the reader stands at, up to and including its end tag. */
  private Item readItem() throws XMLStreamException {
    var values = new LinkedHashMap<String, List<String>>();
    attributes("", values);
    Deque<String> path = new ArrayDeque<>();
    Deque<StringBuilder> text = new ArrayDeque<>();
    String tooLong = null;
    while (true) {
      int event = xml.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          enter();
          path.addLast(xml.getLocalName());
          text.addLast(new StringBuilder());
          attributes(String.join("/", path) + "/", values);
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA,
            XMLStreamConstants.SPACE -> {
          if (!text.isEmpty()) {
            var builder = text.peekLast();
            if (builder.length() + xml.getTextLength() > settings.maxField()) {
              tooLong = "element '" + String.join("/", path) + "' holds more than "
                  + settings.maxField() + " characters (max.field.length)";
            } else {
              builder.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
            }
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          depth--;
          if (path.isEmpty()) {
            return new Item(values, tooLong);
          }
          String value = text.removeLast().toString().strip();
          String name = String.join("/", path);
          path.removeLast();
          if (!value.isEmpty()) {
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
          }
        }
        case XMLStreamConstants.END_DOCUMENT -> throw new SourceDataException(province, url,
            "the document ends inside item " + (itemNumber + 1));
        default -> { }
      }
    }
  }

  private void attributes(String prefix, Map<String, List<String>> values) {
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      String value = xml.getAttributeValue(i).strip();
      if (!value.isEmpty()) {
        values.computeIfAbsent(prefix + "@" + xml.getAttributeLocalName(i),
            k -> new ArrayList<>()).add(value);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    } finally {
      reader.close();
    }
  }

  /** One item: path to the texts found there. */
  private record Item(Map<String, List<String>> values, String tooLong) implements Mapping.Item {

    @Override
    public String value(String path) {
      var found = values.get(path.strip());
      return found == null ? null : String.join(Mapping.JOIN, found);
    }

    @Override
    public String raw() {
      return values.entrySet().stream()
          .map(e -> e.getKey() + "=" + String.join(Mapping.JOIN, e.getValue()))
          .collect(Collectors.joining("\n"));
    }
  }
}
