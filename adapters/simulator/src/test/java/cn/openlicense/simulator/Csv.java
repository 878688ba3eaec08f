package cn.openlicense.simulator;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for tests: an unterminated quote or a stray quote is an error. */
final class Csv {
  private Csv() {}

  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    boolean fieldStarted = false;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0 && !fieldStarted) {
        fieldStarted = true;
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated quoted field at row " + rows.size());
          }
          char q = text.charAt(i++);
          if (q == '"') {
            if (i < text.length() && text.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(q);
          }
        }
        if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r'
            && text.charAt(i) != '\n') {
          throw new IllegalArgumentException("text after a closing quote at row " + rows.size());
        }
        continue;
      }
      if (c == '"') {
        throw new IllegalArgumentException(
            "stray quote in an unquoted field at row " + rows.size());
      }
      if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        rows.add(row);
        row = new ArrayList<>();
        field.setLength(0);
        fieldStarted = false;
        i++;
      } else if (c == '\n' || c == '\r') {
        throw new IllegalArgumentException("a row must end with CRLF, at row " + rows.size());
      } else {
        field.append(c);
        fieldStarted = true;
      }
      i++;
    }
    if (fieldStarted || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
