package cn.openlicense.adapter.http;

import cn.openlicense.adapter.AdapterContext;
import cn.openlicense.adapter.Page;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP validators a run hands back for the next conditional request. */
final class Validators {

  private Validators() {}

  /**
   * The response's ETag and Last-Modified; a 304 that repeats neither keeps the previous ones.
   */
  static Map<String, String> of(Fetched fetched, AdapterContext context) {
    var validators = new LinkedHashMap<String, String>();
    if (fetched.notModified()) {
      validators.putAll(context.previousValidators());
    }
    String etag = fetched.headers().get("ETag");
    String modified = fetched.headers().get("Last-Modified");
    if (etag != null && !etag.isBlank()) {
      validators.put(Page.ETAG, etag);
    }
    if (modified != null && !modified.isBlank()) {
      validators.put(Page.LAST_MODIFIED, modified);
    }
    return validators;
  }
}
