package cn.openlicense.gateway.cli;

import cn.openlicense.adapter.SourceRecord;
import cn.openlicense.gateway.json.AvroJson;
import cn.openlicense.gateway.normalise.Normaliser;
import cn.openlicense.gateway.validate.ProvinceRules;
import cn.openlicense.gateway.validate.Validator;
import cn.openlicense.gateway.validate.Verdict;
import cn.openlicense.schema.PatentType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code normalise}: reads source records as JSON lines on standard input and prints each
 * normalised listing, or the findings that keep it from publication, as JSON lines — so a province
 * can check its data before onboarding.
 */
@Command(
    name = "normalise",
    mixinStandardHelpOptions = true,
    description = {
      "Reads source records as JSON lines on stdin (keys: the canonical field names, e.g."
          + " applicationNumber, title, patentees, fee, term, contactPhone; values: the"
          + " province's raw text) and prints one JSON line per record: the normalised listing"
          + " and its findings.",
      "Optional keys provinceCode, sourceId and sourceUrl set the record's source.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every record would be published",
      "1:at least one record would go to quarantine (see its findings)",
      "2:bad command-line usage",
      "3:input that is not JSON lines in the given encoding (see the error lines)"
    })
final class NormaliseCommand implements Callable<Integer> {

  static final int QUARANTINED = 1;
  static final int BAD_INPUT = 3;

  @Spec CommandSpec spec;

  @Option(names = "--province", paramLabel = "CODE", defaultValue = "000000",
      description = "Province code for records that carry no provinceCode (default: ${DEFAULT-VALUE}).")
  String province;

  @Option(names = "--today", paramLabel = "DATE",
      description = "Judge the records as of this China local date (default: today).")
  LocalDate today;

  @Option(names = "--min-licence-years", paramLabel = "N",
      description = "The province's minimum licence term in years.")
  Integer minLicenceYears;

  @Option(names = "--evaluation-report-required", paramLabel = "TYPE", split = ",",
      description = "Patent types that need an evaluation report: ${COMPLETION-CANDIDATES}.")
  Set<PatentType> evaluationReportRequired = Set.of();

  @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
      description = "Encoding of the input, e.g. UTF-8 or GBK (default: ${DEFAULT-VALUE}).")
  Charset encoding;

  @Option(names = "--pretty", description = "Indent the output (one record spans several lines).")
  boolean pretty;

  private final InputStream in;

  NormaliseCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() {
    if (minLicenceYears != null && minLicenceYears < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--min-licence-years must be at least 1, got " + minLicenceYears);
    }
    var out = spec.commandLine().getOut();
    var clock = today == null
        ? Clock.systemUTC()
        : Clock.fixed(today.atStartOfDay(Validator.CHINA).toInstant(), Validator.CHINA);
    var rules = new ProvinceRules(minLicenceYears, evaluationReportRequired);
    var normaliser = new Normaliser();
    var validator = new Validator(clock);
    var mapper = boundedMapper();
    int exit = 0;
    var decoder = encoding.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (var reader = new BufferedReader(new InputStreamReader(in, decoder))) {
      int lineNo = 0;
      String line;
      while ((line = readLine(reader, lineNo + 1)) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        ObjectNode result;
        try {
          var record = sourceRecord(mapper.readTree(line), lineNo, clock.instant());
          var verdict = validator.validate(normaliser.normalise(record), rules);
          result = render(lineNo, verdict);
          if (!verdict.accepted()) {
            exit = Math.max(exit, QUARANTINED);
          }
        } catch (BadRecordException | JsonProcessingException e) {
          result = error(lineNo, e instanceof JsonProcessingException j
              ? "not a JSON object: " + j.getOriginalMessage() : e.getMessage());
          exit = BAD_INPUT;
        }
        print(out, result);
      }
    } catch (UnreadableInputException e) {
      print(out, error(e.line, e.getMessage()));
      return BAD_INPUT;
    } catch (IOException e) {
      print(out, error(0, "cannot read input: " + e.getMessage()));
      return BAD_INPUT;
    }
    return exit;
  }

  private String readLine(BufferedReader reader, int lineNo) throws IOException {
    try {
      return reader.readLine();
    } catch (CharacterCodingException e) {
      throw new UnreadableInputException(
          lineNo, "input is not valid " + encoding.name() + " (try --encoding GBK)");
    }
  }

  private void print(PrintWriter out, ObjectNode node) {
    out.println(pretty ? node.toPrettyString() : node.toString());
    out.flush();
  }

  private static ObjectMapper boundedMapper() {
    var factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(16).maxStringLength(1 << 20).build())
        .build();
    return new ObjectMapper(factory);
  }

  private SourceRecord sourceRecord(JsonNode node, int lineNo, Instant now) {
    if (!node.isObject()) {
      throw new BadRecordException("not a JSON object but " + node.getNodeType().name().toLowerCase());
    }
    var fields = new LinkedHashMap<String, String>();
    var meta = new LinkedHashMap<String, String>();
    for (var it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      var text = text(e.getKey(), e.getValue());
      if (text == null) {
        continue;
      }
      switch (e.getKey()) {
        case "provinceCode", "sourceId", "sourceUrl" -> meta.put(e.getKey(), text);
        default -> fields.put(e.getKey(), text);
      }
    }
    var code = meta.getOrDefault("provinceCode", province);
    if (!code.matches("\\d{6}")) {
      throw new BadRecordException("provinceCode \"" + code + "\" is not a six-digit GB/T 2260 code");
    }
    return SourceRecord.of(code, "cli", meta.getOrDefault("sourceId", "line-" + lineNo),
        meta.get("sourceUrl"), now, fields);
  }

  private static String text(String key, JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    if (value.isArray()) {
      var joined = new StringBuilder();
      for (var item : value) {
        if (!item.isValueNode()) {
          throw new BadRecordException("field \"" + key + "\" must be text or a list of text");
        }
        joined.append(joined.isEmpty() ? "" : "；").append(item.asText());
      }
      return joined.toString();
    }
    throw new BadRecordException("field \"" + key + "\" must be text, got an object");
  }

  private static ObjectNode render(int lineNo, Verdict verdict) {
    var node = AvroJson.MAPPER.createObjectNode();
    node.put("line", lineNo);
    node.put("accepted", verdict.accepted());
    node.put("listingId", verdict.listing().getListingId());
    var findings = node.putArray("findings");
    verdict.findings().forEach(f -> findings.add(AvroJson.toJson(f)));
    // a rejected record's listing is the draft quarantine would show, for the province to compare
    node.set("listing", AvroJson.toJson(verdict.listing()));
    return node;
  }

  private static ObjectNode error(int lineNo, String message) {
    var node = AvroJson.MAPPER.createObjectNode();
    node.put("line", lineNo);
    node.put("accepted", false);
    node.put("error", message);
    return node;
  }

  /** A line that is JSON but not a source record. */
  private static final class BadRecordException extends RuntimeException {
    BadRecordException(String message) {
      super(message);
    }
  }

  /** Input that cannot be decoded at all; reading stops there. */
  private static final class UnreadableInputException extends RuntimeException {
    final int line;

    UnreadableInputException(int line, String message) {
      super(message);
      this.line = line;
    }
  }

}
