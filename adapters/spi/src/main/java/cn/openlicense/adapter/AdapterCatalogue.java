package cn.openlicense.adapter;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The adapters the gateway can run, by id: those on the application class path plus those in each
 * jar of a {@code plugins/} directory, all found with {@link ServiceLoader} through
 * {@code META-INF/services/cn.openlicense.adapter.SourceAdapter}.
 *
 * <p>Each plugin jar gets its own class loader whose parent is the SPI's, so plugins see the SPI
 * and Vert.x but not each other. A jar that cannot be loaded is reported in {@link #problems()}
 * and skipped whole; the others still load. Two adapters with one id fail the load, naming both.
 */
public final class AdapterCatalogue implements AutoCloseable {

  /** A plugin jar that was skipped, and why. */
  public record JarProblem(Path jar, String message) {
    @Override
    public String toString() {
      return jar + ": " + message;
    }
  }

  private record Entry(SourceAdapter adapter, String origin) {}

  private final Map<String, Entry> adapters;
  private final List<JarProblem> problems;
  private final List<URLClassLoader> loaders;

  private AdapterCatalogue(
      Map<String, Entry> adapters, List<JarProblem> problems, List<URLClassLoader> loaders) {
    this.adapters = adapters;
    this.problems = List.copyOf(problems);
    this.loaders = List.copyOf(loaders);
  }

  /**
   * The adapters on the SPI's class path plus those in {@code pluginsDir}.
   *
   * @param pluginsDir a directory of plugin jars; {@code null} or missing means none
   * @throws IllegalStateException when two adapters share an id, naming where each came from
   */
  public static AdapterCatalogue load(Path pluginsDir) {
    return load(SourceAdapter.class.getClassLoader(), pluginsDir);
  }

  /**
   * The adapters visible to {@code appLoader} plus those in {@code pluginsDir}; plugin class
   * loaders have {@code appLoader} as parent.
   */
  public static AdapterCatalogue load(ClassLoader appLoader, Path pluginsDir) {
    Objects.requireNonNull(appLoader, "appLoader");
    var found = new TreeMap<String, Entry>();
    var problems = new ArrayList<JarProblem>();
    var loaders = new ArrayList<URLClassLoader>();
    try {
      for (var adapter : ServiceLoader.load(SourceAdapter.class, appLoader)) {
        add(found, adapter, origin(adapter.getClass()));
      }
      for (var jar : jars(pluginsDir, problems)) {
        loadJar(jar, appLoader, found, problems, loaders);
      }
    } catch (RuntimeException | ServiceConfigurationError e) {
      closeAll(loaders);
      throw e;
    }
    return new AdapterCatalogue(
        Collections.unmodifiableMap(found), problems, loaders);
  }

  /** The adapter with that id, if any. */
  public Optional<SourceAdapter> find(String id) {
    return Optional.ofNullable(adapters.get(id)).map(Entry::adapter);
  }

  /**
   * The adapter with that id.
   *
   * @throws IllegalArgumentException naming the ids there are, when there is none
   */
  public SourceAdapter require(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException(
        "no adapter with id '" + id + "' (known: " + String.join(", ", adapters.keySet())
            + (problems.isEmpty() ? "" : "; skipped plugin jars: " + problems) + ")"));
  }

  /** The ids of every adapter found, sorted. */
  public Set<String> ids() {
    return adapters.keySet();
  }

  /** Where the adapter with that id came from: its jar or class directory. */
  public Optional<String> origin(String id) {
    return Optional.ofNullable(adapters.get(id)).map(Entry::origin);
  }

  /** The plugin jars that were skipped, each with the reason. */
  public List<JarProblem> problems() {
    return problems;
  }

  /** Closes the plugin class loaders; adapters from plugins must not be used afterwards. */
  @Override
  public void close() {
    closeAll(loaders);
  }

  private static void loadJar(
      Path jar,
      ClassLoader parent,
      Map<String, Entry> found,
      List<JarProblem> problems,
      List<URLClassLoader> loaders) {
    URLClassLoader loader;
    try {
      loader = new URLClassLoader(
          "plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
    } catch (MalformedURLException e) {
      problems.add(new JarProblem(jar, "not a loadable path: " + e.getMessage()));
      return;
    }
    var fromJar = new ArrayList<SourceAdapter>();
    try {
      for (var provider : ServiceLoader.load(SourceAdapter.class, loader).stream().toList()) {
        // The loader also sees the parent's services; keep only what this jar brings.
        if (provider.type().getClassLoader() == loader) {
          var adapter = provider.get();
          if (adapter.id() == null || adapter.id().isBlank()) {
            throw new IllegalStateException(provider.type().getName() + " has a blank id()");
          }
          fromJar.add(adapter);
        }
      }
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      problems.add(new JarProblem(jar, "cannot load its adapters: " + describe(e)));
      closeAll(List.of(loader));
      return;
    }
    if (fromJar.isEmpty()) {
      problems.add(new JarProblem(jar,
          "declares no adapter in META-INF/services/" + SourceAdapter.class.getName()));
      closeAll(List.of(loader));
      return;
    }
    loaders.add(loader);
    for (var adapter : fromJar) {
      add(found, adapter, jar.toString());
    }
  }

  private static void add(Map<String, Entry> found, SourceAdapter adapter, String origin) {
    var previous = found.putIfAbsent(adapter.id(), new Entry(adapter, origin));
    if (previous != null) {
      throw new IllegalStateException("adapter id '" + adapter.id() + "' is provided twice: by "
          + previous.origin() + " and by " + origin + "; remove one of them");
    }
  }

  private static List<Path> jars(Path pluginsDir, List<JarProblem> problems) {
    if (pluginsDir == null || !Files.isDirectory(pluginsDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(pluginsDir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      problems.add(new JarProblem(pluginsDir, "cannot list the plugins directory: " + e));
      return List.of();
    }
  }

  private static String origin(Class<?> type) {
    var source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null
        ? "class path (" + type.getName() + ")"
        : source.getLocation().toString();
  }

  private static String describe(Throwable e) {
    var text = new StringBuilder(e.toString());
    for (var cause = e.getCause(); cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      text.append("; caused by ").append(cause);
    }
    return text.toString();
  }

  private static void closeAll(List<URLClassLoader> loaders) {
    for (var loader : loaders) {
      try {
        loader.close();
      } catch (IOException ignored) {
        // Nothing to do: the jar is only read.
      }
    }
  }
}
