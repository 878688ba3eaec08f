package cn.openlicense.simulator;

import java.nio.charset.Charset;
import java.util.List;
import java.util.function.Function;

/**
 * The GBK CSV export: Chinese headers, one listing per CRLF-terminated row, RFC 4180 quoting
 * (a field with a comma, quote, CR or LF, or leading/trailing space is quoted, quotes doubled).
 */
final class CsvExport {

  static final Charset GBK = Charset.forName("GBK");

  private record Column(String header, Function<NativeListing, String> value) {}

  private static final List<Column> COLUMNS = List.of(
      new Column("编号", NativeListing::id),
      new Column("专利号", NativeListing::applicationNumber),
      new Column("专利名称", NativeListing::title),
      new Column("专利类型", NativeListing::patentType),
      new Column("申请日", NativeListing::filingDate),
      new Column("IPC分类号", l -> String.join(";", l.ipc())),
      new Column("专利权人", l -> String.join("；", l.patentees())),
      new Column("许可使用费", NativeListing::fee),
      new Column("许可期限", NativeListing::term),
      new Column("许可地域", NativeListing::territory),
      new Column("联系人", NativeListing::contactPerson),
      new Column("联系电话", NativeListing::contactPhone),
      new Column("电子邮箱", NativeListing::contactEmail),
      new Column("通讯地址", NativeListing::contactAddress),
      new Column("无独占排他许可承诺", NativeListing::commitNoExclusive),
      new Column("专利有效承诺", NativeListing::commitValid),
      new Column("全体专利权人同意", NativeListing::commitAllConsent),
      new Column("专利有效性核查", NativeListing::checkValidity),
      new Column("独占排他许可核查", NativeListing::checkExclusive),
      new Column("质押核查", NativeListing::checkPledge),
      new Column("评价报告", NativeListing::evaluationReport),
      new Column("状态", NativeListing::status),
      new Column("发布时间", NativeListing::publishedAt),
      new Column("详情链接", NativeListing::url));

  private CsvExport() {}

  /** The header row, CRLF-terminated. */
  static String header() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < COLUMNS.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      field(COLUMNS.get(i).header(), b);
    }
    return b.append("\r\n").toString();
  }

  /** Appends one listing's row; a link starting with / gets {@code origin} in front. */
  static void row(NativeListing listing, String origin, StringBuilder out) {
    for (int i = 0; i < COLUMNS.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String value = COLUMNS.get(i).value().apply(listing);
      if (i == COLUMNS.size() - 1) {
        value = Links.absolute(value, origin);
      }
      field(value, out);
    }
    out.append("\r\n");
  }

  private static void field(String value, StringBuilder out) {
    if (value == null || value.isEmpty()) {
      return;
    }
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0
        || value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ';
    if (!quote) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }
}
