package cn.openlicense.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.openlicense.gateway.SimulatedGateway;
import cn.openlicense.gateway.api.ChangesHandler.Format;
import cn.openlicense.gateway.api.Problems.ProblemException;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.store.EncodedEvent;
import cn.openlicense.schema.ListingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/changes} of a running gateway: JSON and Avro pages, resuming, long-polls. */
final class ChangesHandlerTest {

  @TempDir static Path dir;
  private static SimulatedGateway gw;

  @BeforeAll
  static void start() throws Exception {
    gw = SimulatedGateway.start(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  /** An Avro page: its events, read with Avro's own reader, and its X-Next-After. */
  private record AvroPage(List<ListingEvent> events, long next, String codec) {}

  private static AvroPage avroPage(String path, String... headers) throws Exception {
    var r = gw.getBytes(path, headers);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/avro");
    var events = new ArrayList<ListingEvent>();
    try (var reader = new DataFileReader<>(new SeekableByteArrayInput(r.body()),
        new SpecificDatumReader<>(ListingEvent.class))) {
      reader.forEach(events::add);
      return new AvroPage(events, Long.parseLong(r.headers().firstValue("X-Next-After")
          .orElseThrow()), reader.getMetaString("avro.codec"));
    }
  }

  private static JsonNode reparsed(ListingEvent e) throws IOException {
    return SimulatedGateway.JSON.readTree(AvroJson.toJson(e).toString());
  }

  @Test
  void replayingFromZeroInAvroGivesTheSameEventsAsJson() throws Exception {
    var fromAvro = new ArrayList<JsonNode>();
    long after = 0;
    for (int i = 0; ; i++) {
      // both ways of asking for Avro
      var page = i % 2 == 0 ? avroPage("/v1/changes?after=" + after + "&limit=40&format=avro")
          : avroPage("/v1/changes?after=" + after + "&limit=40", "Accept", "application/avro");
      assertThat(page.codec()).isEqualTo("null");
      if (page.events().isEmpty()) {
        assertThat(page.next()).isEqualTo(after);
        break;
      }
      for (var e : page.events()) {
        fromAvro.add(reparsed(e));
      }
      after = page.next();
    }
    var fromJson = new ArrayList<JsonNode>();
    after = 0;
    while (true) {
      var page = gw.json("/v1/changes?after=" + after + "&limit=40");
      if (page.get("events").isEmpty()) {
        break;
      }
      page.get("events").forEach(fromJson::add);
      after = page.get("next").asLong();
    }
    assertThat(fromAvro).hasSize((int) gw.head()).isNotEmpty();
    assertThat(fromAvro).isEqualTo(fromJson);
  }

  @Test
  void anAvroPageFromStoredEncodingsIsByteForByteTheEncodedOne() throws Exception {
    var events = gw.gateway().store().changes(0, 1000).await(30, TimeUnit.SECONDS);
    assertThat(events).hasSizeGreaterThan(3);
    var encoded = events.stream().map(EncodedEvent::of).toList();
    long next = events.get(events.size() - 1).getSeq();

    assertThat(ChangesHandler.encodedContainerFile(encoded, 0, next))
        .isEqualTo(ChangesHandler.containerFile(events, 0, next));
  }

  @Test
  void anEventWrittenWithAnotherSchemaIsReencodedNotCopied() {
    var event = EncodedEvent.of(ListingEvent.newBuilder().setSeq(7)
        .setType(cn.openlicense.schema.EventType.WITHDRAW).setListingId("x")
        .setAt(java.time.Instant.EPOCH)
        .setSignature(new cn.openlicense.schema.Signature("k", "Ed25519",
            java.nio.ByteBuffer.wrap(new byte[64])))
        .setLogIndex(6).build());
    var bytes = event.singleObject().clone();
    bytes[9] ^= 0x01; // another writer schema's fingerprint

    assertThat(event.writtenWithCurrentSchema()).isTrue();
    assertThat(new EncodedEvent(7, bytes).writtenWithCurrentSchema()).isFalse();
    assertThatThrownBy(() -> new EncodedEvent(7, new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event 7");
  }

  @Test
  void resumingFromAnySeqLosesNothing() throws Exception {
    long head = gw.head();
    for (long after = 0; after <= head; after++) {
      var seqs = new ArrayList<Long>();
      long next;
      if (after % 2 == 0) {
        var page = avroPage("/v1/changes?limit=7&after=" + after, "Accept", "application/avro");
        page.events().forEach(e -> seqs.add(e.getSeq()));
        next = page.next();
      } else {
        var page = gw.json("/v1/changes?limit=7&after=" + after);
        page.get("events").forEach(e -> seqs.add(e.get("seq").asLong()));
        next = page.get("next").asLong();
      }
      var expected = new ArrayList<Long>();
      for (long s = after + 1; s <= Math.min(after + 7, head); s++) {
        expected.add(s);
      }
      assertThat(seqs).as("after=%d", after).isEqualTo(expected);
      assertThat(next).as("after=%d", after).isEqualTo(expected.isEmpty() ? after
          : expected.get(expected.size() - 1));
    }
  }

  @Test
  void aLongPollOnTheHeadAnswersWithTheEventCommittedWhileItWaits() throws Exception {
    long head = gw.head();
    var target = gw.aGoodListing();
    var held = gw.gateway().feedHead().whenWaiting(1);
    var pending = gw.getAsync("/v1/changes?after=" + head + "&wait=60");
    held.await(20, TimeUnit.SECONDS);

    long now = gw.changeAndHarvest();

    // well inside the 60 s wait: the commit woke it rather than the wait running out
    var r = pending.get(20, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    var body = SimulatedGateway.JSON.readTree(r.body());
    assertThat(now).isGreaterThan(head);
    assertThat(body.get("events")).hasSize((int) (now - head));
    assertThat(body.get("events").get(0).get("seq").asLong()).isEqualTo(head + 1);
    assertThat(body.get("events").get(0).get("listingId").asText())
        .isEqualTo(SimulatedGateway.idOf(target));
    assertThat(body.get("next").asLong()).isEqualTo(now);
    assertThat(r.headers().firstValue("X-Next-After")).hasValue(Long.toString(now));
    assertThat(gw.gateway().feedHead().waiting()).isZero();
  }

  @Test
  void aWaitThatRunsOutAnswersEmptyWithNextUnchanged() throws Exception {
    long head = gw.head();
    long started = System.nanoTime();
    var page = gw.json("/v1/changes?after=" + head + "&wait=1");
    assertThat(System.nanoTime() - started).as("it was held").isGreaterThan(900_000_000L);
    assertThat(page.get("events")).isEmpty();
    assertThat(page.get("next").asLong()).isEqualTo(head);

    var avro = avroPage("/v1/changes?after=" + head + "&wait=1&format=avro");
    assertThat(avro.events()).isEmpty();
    assertThat(avro.next()).isEqualTo(head);
    assertThat(gw.gateway().feedHead().waiting()).isZero();
  }

  @Test
  void aLongPollWhoseConnectionClosesLeavesTheWaiters() throws Exception {
    var feedHead = gw.gateway().feedHead();
    var held = feedHead.whenWaiting(1);
    try (var socket = new Socket("127.0.0.1", gw.gateway().port())) {
      socket.getOutputStream().write(("GET /v1/changes?after=" + gw.head() + "&wait=60 HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      held.await(20, TimeUnit.SECONDS);
      assertThat(feedHead.waiting()).isEqualTo(1);
    }
    // completes only when the closed request is dropped, long before its 60 s
    feedHead.whenWaiting(0).await(20, TimeUnit.SECONDS);
    assertThat(feedHead.waiting()).isZero();
  }

  @Test
  void badFormatsAndUnacceptableAcceptsAreProblems() throws Exception {
    assertThat(gw.problem(gw.get("/v1/changes?format=xml"))).isEqualTo("bad-parameter");
    assertThat(gw.problem(gw.get("/v1/changes?wait=61"))).isEqualTo("bad-parameter");
    assertThat(gw.problem(gw.get("/v1/changes?wait=-1"))).isEqualTo("bad-parameter");
    var r = gw.get("/v1/changes", "Accept", "text/html");
    assertThat(r.statusCode()).isEqualTo(406);
    assertThat(gw.problem(r)).isEqualTo("not-acceptable");
    // format wins over Accept
    assertThat(gw.get("/v1/changes?format=json", "Accept", "application/avro").headers()
        .firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
            "application/json"));
  }

  @Test
  void acceptIsNegotiatedByWeightThenSpecificity() {
    assertThat(ChangesHandler.format(null, null)).isEqualTo(Format.JSON);
    assertThat(ChangesHandler.format(null, "*/*")).isEqualTo(Format.JSON);
    assertThat(ChangesHandler.format(null, "application/avro")).isEqualTo(Format.AVRO);
    assertThat(ChangesHandler.format(null, "application/avro, */*;q=0.1")).isEqualTo(Format.AVRO);
    assertThat(ChangesHandler.format(null, "application/avro, */*")).isEqualTo(Format.AVRO);
    assertThat(ChangesHandler.format(null, "application/avro;q=0.5, application/json"))
        .isEqualTo(Format.JSON);
    assertThat(ChangesHandler.format(null, "application/json; charset=utf-8"))
        .isEqualTo(Format.JSON);
    assertThat(ChangesHandler.format("AVRO", "application/json")).isEqualTo(Format.AVRO);
    assertThatThrownBy(() -> ChangesHandler.format(null, "application/json;q=0, text/*"))
        .isInstanceOf(ProblemException.class).hasMessageContaining("text/*");
    assertThatThrownBy(() -> ChangesHandler.format("csv", null))
        .isInstanceOf(ProblemException.class).hasMessageContaining("format=\"csv\"");
  }
}
