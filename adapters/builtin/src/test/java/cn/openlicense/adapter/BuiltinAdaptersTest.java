package cn.openlicense.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The built-in adapters are found on the class path, as the gateway finds them. */
final class BuiltinAdaptersTest {

  @Test
  void theCatalogueFindsEveryBuiltInAdapter() {
    try (var catalogue = AdapterCatalogue.load(null)) {
      assertThat(catalogue.ids()).containsExactly("csv-http", "json-http", "push", "xml-http");
      assertThat(catalogue.require("push").pullable()).isFalse();
      assertThat(catalogue.require("csv-http").pullable()).isTrue();
    }
  }

  @Test
  void everyAdapterRendersItsDocsTable() {
    try (var catalogue = AdapterCatalogue.load(null)) {
      for (var id : catalogue.ids()) {
        var markdown = catalogue.require(id).configDef().toMarkdown();
        assertThat(markdown).as(id).startsWith("| Key | Type | Default | Description |");
      }
      assertThat(catalogue.require("json-http").configDef().toMarkdown())
          .contains("| `max.body.size` | size | `64MiB` |")
          .contains("| `paging` | string | `none` |");
    }
  }
}
