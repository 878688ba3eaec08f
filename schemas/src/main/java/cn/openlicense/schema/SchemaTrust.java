package cn.openlicense.schema;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Tells Avro to trust this package's generated classes.
 *
 * <p>Since 1.12.2 Avro refuses to load any class by name from a schema unless trusted (a defence
 * against deserialisation gadgets), and that includes our own enums when a builder copies a
 * record. Only {@code cn.openlicense.schema} is added; the default trust list stays in force.
 * Idempotent and thread-safe; every entry point into code that builds or reads these records
 * calls it once.
 */
public final class SchemaTrust {

  private static final String PACKAGE = SchemaTrust.class.getPackageName() + ".";
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private SchemaTrust() {}

  /** Adds this package's classes to Avro's global trust list, once. */
  public static void install() {
    if (INSTALLED.compareAndSet(false, true)) {
      ClassSecurityValidator.ClassSecurityPredicate ours =
          c -> c.getName().startsWith(PACKAGE) && c.getClassLoader() == SchemaTrust.class.getClassLoader();
      ClassSecurityValidator.setGlobal(
          ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
    }
  }
}
