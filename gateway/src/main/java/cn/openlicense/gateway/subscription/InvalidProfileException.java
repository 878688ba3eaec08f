package cn.openlicense.gateway.subscription;

/**
 * A demand profile that cannot be accepted: {@link #field()} says where (a path such as
 * {@code ipcPrefixes[2]}, relative to the profile object, or a query parameter name), the message
 * names the offending value and why.
 */
public final class InvalidProfileException extends IllegalArgumentException {

  private final String field;

  public InvalidProfileException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** Where the profile is wrong, e.g. {@code ipcPrefixes[2]} or {@code maxFeeFen}. */
  public String field() {
    return field;
  }

  /**
   * The same refusal seen from an enclosing object, e.g. {@code under("profile")} turns
   * {@code ipcPrefixes[2]} into {@code profile.ipcPrefixes[2]}.
   */
  public InvalidProfileException under(String parent) {
    var e = new InvalidProfileException(parent + "." + field,
        getMessage().startsWith(field) ? parent + "." + getMessage() : getMessage());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
