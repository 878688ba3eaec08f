package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.gateway.trust.KeyRing;
import cn.openlicense.gateway.trust.NoteVerifier;
import cn.openlicense.gateway.trust.PublishedKey;
import cn.openlicense.gateway.trust.PublishedKeys;
import cn.openlicense.gateway.trust.SignatureAlgorithm;
import cn.openlicense.gateway.trust.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keys}: the gateway's signing keys in {@code <data dir>/keys/}. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Generates, lists and rotates the gateway's signing keys.",
    subcommands = {KeysCommand.Generate.class, KeysCommand.ListKeys.class,
        KeysCommand.Rotate.class})
final class KeysCommand {

  /** Options every keys subcommand takes. */
  static final class Where {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
        description = "The gateway's data directory (data.dir); keys live in DIR/keys"
            + " (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "intl",
        description = "Crypto profile: intl (Ed25519) or gm (SM2 with SM3)"
            + " (default: ${DEFAULT-VALUE}).")
    String profile;

    Path keys() {
      return dataDir.resolve("keys");
    }

    CryptoProfile cryptoProfile() {
      return CryptoProfile.parse(profile);
    }
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Creates the key directory and an active key for the profile if absent;"
          + " keeps existing keys.")
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Where where = new Where();

    @Option(names = "--with-ed25519",
        description = "In the gm profile, also keep an Ed25519 key for checkpoint notes that Go's"
            + " stock tools check.")
    boolean withEd25519;

    @Override
    public Integer call() {
      CryptoProfile profile = where.cryptoProfile();
      var before = KeyRingFiles.existingIds(where.keys());
      KeyRing ring = KeyRing.open(where.keys(), profile.checkpointAlgorithms(withEd25519),
          Clock.systemUTC());
      PrintWriter out = spec.commandLine().getOut();
      for (SigningKey key : ring.activeKeys()) {
        out.printf("%s %s %s%n", key.keyId(), key.algorithm().label(),
            before.contains(key.keyId()) ? "exists" : "generated");
      }
      out.printf("keys in %s%n", ring.directory());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists every key, oldest first: key id, algorithm, state, created.")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Where where = new Where();

    @Option(names = "--json", description = "Print the key document GET /v1/keys serves.")
    boolean json;

    @Option(names = "--note-name", paramLabel = "NAME",
        description = "Also print each key's checkpoint verifier key under that key name (the"
            + " log's origin), for Go's note.NewVerifier.")
    String noteName;

    @Override
    public Integer call() {
      KeyRing ring = KeyRing.read(where.keys());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(PublishedKeys.toJson(ring.publicKeys()).toPrettyString());
        return 0;
      }
      for (PublishedKey key : ring.publicKeys()) {
        var columns = new ArrayList<String>(java.util.List.of(key.keyId(), key.alg(),
            key.active() ? "active" : "retired", key.created().toString()));
        if (noteName != null) {
          columns.add(NoteVerifier.of(noteName, ring.find(key.keyId()).orElseThrow())
              .verifierKey());
        }
        out.println(String.join(" ", columns));
      }
      return 0;
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Makes a new active key; the old one is retired and stays published so its"
          + " signatures still verify. Restart the gateway to sign with the new key.")
  static final class Rotate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Where where = new Where();

    @Option(names = "--alg", paramLabel = "ALG",
        description = "Ed25519 or SM2-SM3 (default: the profile's).")
    String alg;

    @Override
    public Integer call() {
      SignatureAlgorithm algorithm = alg == null
          ? where.cryptoProfile().signatureAlgorithm() : SignatureAlgorithm.ofLabel(alg);
      KeyRing ring = KeyRing.read(where.keys());
      String old = ring.activeKeys().stream().filter(k -> k.algorithm() == algorithm)
          .map(SigningKey::keyId).findFirst().orElse("none");
      SigningKey key = ring.rotate(algorithm);
      spec.commandLine().getOut().printf("%s %s active (retired %s)%n", key.keyId(),
          algorithm.label(), old);
      return 0;
    }
  }

  /** What is on disk before generating, to say which keys are new. */
  static final class KeyRingFiles {
    private KeyRingFiles() {}

    static java.util.Set<String> existingIds(Path dir) {
      try {
        return java.util.Set.copyOf(KeyRing.read(dir).keyIds());
      } catch (RuntimeException e) {
        return java.util.Set.of(); // no ring yet; a broken one fails in open with its reason
      }
    }
  }
}
