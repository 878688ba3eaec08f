package cn.openlicense.gateway.cli;

import cn.openlicense.gateway.trust.Checkpoint;
import cn.openlicense.gateway.trust.CryptoProfile;
import cn.openlicense.gateway.trust.DetachedSignature;
import cn.openlicense.gateway.trust.EventSigner;
import cn.openlicense.gateway.trust.InvalidSignatureException;
import cn.openlicense.gateway.trust.NoteVerifier;
import cn.openlicense.gateway.trust.ProofJson;
import cn.openlicense.gateway.trust.PublishedKeys;
import cn.openlicense.gateway.trust.VerificationKey;
import cn.openlicense.gateway.trust.merkle.InvalidProofException;
import cn.openlicense.gateway.trust.merkle.TreeHash;
import cn.openlicense.schema.ListingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: checks what the gateway publishes with nothing but its public keys — a
 * snapshot's detached signature, an event's signature, and log proofs against signed
 * checkpoints. Each prints {@code ok: …} and exits 0, or prints one line saying which check
 * failed and exits 1 (3 when an input cannot be read).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verifies signatures and transparency-log proofs.",
    subcommands = {VerifyCommand.Snapshot.class, VerifyCommand.Event.class,
        VerifyCommand.Inclusion.class, VerifyCommand.Consistency.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:valid", "1:not valid (the message says which check failed)",
        "2:bad usage", "3:an input cannot be read"})
final class VerifyCommand {

  static final int INVALID = 1;
  static final int UNREADABLE = 3;

  /** An input that cannot be read or parsed. */
  static final class UnreadableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableException(String message) {
      super(message, null, false, false);
    }
  }

  /** Runs a check, mapping its outcome to one line and an exit code. */
  abstract static class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    abstract String check() throws UnreadableException, IOException;

    @Override
    public final Integer call() {
      try {
        spec.commandLine().getOut().println("ok: " + check());
        return 0;
      } catch (InvalidSignatureException | InvalidProofException e) {
        return fail(INVALID, e.getMessage());
      } catch (UnreadableException e) {
        return fail(UNREADABLE, e.getMessage());
      } catch (NoSuchFileException e) {
        return fail(UNREADABLE, "no such file: " + e.getFile());
      } catch (IOException e) {
        return fail(UNREADABLE, "cannot read: " + e.getMessage());
      }
    }

    private int fail(int code, String message) {
      spec.commandLine().getErr().println("verify " + spec.name() + ": " + message);
      return code;
    }

    static byte[] bytes(Path file) throws IOException {
      return Files.readAllBytes(file);
    }

    static String text(Path file) throws IOException {
      return Files.readString(file, StandardCharsets.UTF_8);
    }

    static <T> T parse(String what, Path file, Parser<T> parser)
        throws UnreadableException, IOException {
      try {
        return parser.parse(file);
      } catch (IllegalArgumentException e) {
        throw new UnreadableException(what + " " + file + ": " + e.getMessage());
      }
    }

    interface Parser<T> {
      T parse(Path file) throws IOException;
    }

    /** The verifier key: the string itself, or a file holding it. */
    static NoteVerifier verifier(String key) throws UnreadableException, IOException {
      String text = key.contains("+") ? key : text(Path.of(key));
      try {
        return NoteVerifier.parse(text);
      } catch (IllegalArgumentException e) {
        throw new UnreadableException("verifier key: " + e.getMessage());
      }
    }

    static Checkpoint checkpoint(Path file, NoteVerifier verifier)
        throws UnreadableException, IOException {
      String note = text(file);
      try {
        return Checkpoint.open(note, List.of(verifier));
      } catch (InvalidSignatureException e) {
        throw new InvalidSignatureException("checkpoint " + file + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new UnreadableException("checkpoint " + file + ": " + e.getMessage());
      }
    }

    static TreeHash treeHash(String name) throws UnreadableException {
      for (CryptoProfile profile : CryptoProfile.values()) {
        if (profile.treeHash().name().equals(name)) {
          return profile.treeHash();
        }
      }
      throw new UnreadableException("unknown tree hash '" + name + "' (known: SHA-256, SM3)");
    }

    static String b64(byte[] hash) {
      return Base64.getEncoder().encodeToString(hash);
    }
  }

  @Command(name = "snapshot", mixinStandardHelpOptions = true,
      description = "Checks a snapshot file's detached signature (as openssl pkeyutl -verify"
          + " -rawin does).")
  static final class Snapshot extends Check {
    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The file.")
    Path file;

    @Option(names = "--sig", required = true, paramLabel = "SIG",
        description = "Its raw signature (e.g. snapshot.avro.sig).")
    Path sig;

    @Option(names = "--key", required = true, paramLabel = "PEM",
        description = "The gateway's public key as a PUBLIC KEY PEM file.")
    Path key;

    @Override
    String check() throws UnreadableException, IOException {
      VerificationKey publicKey = parse("key", key, f -> VerificationKey.fromPem(text(f)));
      DetachedSignature.verify(publicKey, file, bytes(sig));
      return file + " is signed by " + publicKey.algorithm().label() + " key "
          + publicKey.keyId();
    }
  }

  @Command(name = "event", mixinStandardHelpOptions = true,
      description = "Checks an event's gateway signature with the published keys.")
  static final class Event extends Check {
    @Option(names = "--event", required = true, paramLabel = "FILE",
        description = "The event: Avro single-object encoding (application/avro) or the API's"
            + " JSON.")
    Path event;

    @Option(names = "--keys", required = true, paramLabel = "FILE",
        description = "The key document GET /v1/keys serves (keys list --json prints it).")
    Path keys;

    @Override
    String check() throws UnreadableException, IOException {
      ListingEvent read = parse("event", event, f -> EventFile.read(bytes(f)));
      PublishedKeys known = parse("keys", keys, f -> PublishedKeys.parse(text(f)));
      EventSigner.verify(read, known);
      return "event seq " + read.getSeq() + " (" + read.getListingId() + ") is signed by "
          + read.getSignature().getAlg() + " key " + read.getSignature().getKeyId();
    }
  }

  @Command(name = "inclusion", mixinStandardHelpOptions = true,
      description = "Checks that a leaf (or an event) is in the log a signed checkpoint"
          + " commits to.")
  static final class Inclusion extends Check {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
        description = "The signed checkpoint note (GET /v1/log/checkpoint).")
    Path checkpoint;

    @Option(names = "--proof", required = true, paramLabel = "FILE",
        description = "The inclusion proof JSON (GET /v1/log/proof/inclusion).")
    Path proof;

    @Option(names = "--key", required = true, paramLabel = "VKEY",
        description = "The checkpoint verifier key (name+hash+base64), or a file holding it.")
    String key;

    @Option(names = "--event", paramLabel = "FILE",
        description = "Also check that the proof's leaf is this event (Avro or JSON) at its"
            + " logIndex.")
    Path event;

    @Override
    String check() throws UnreadableException, IOException {
      Checkpoint signed = checkpoint(checkpoint, verifier(key));
      ProofJson.Inclusion document = parse("proof", proof, f -> ProofJson.readInclusion(text(f)));
      TreeHash hash = treeHash(document.hash());
      var p = document.proof();
      if (p.treeSize() != signed.size()) {
        throw new InvalidProofException("the proof is for tree size " + p.treeSize()
            + ", the checkpoint has size " + signed.size());
      }
      byte[] leaf = document.leafHash();
      if (event != null) {
        ListingEvent read = parse("event", event, f -> EventFile.read(bytes(f)));
        byte[] expected = hash.leaf(EventSigner.encode(EventSigner.bodyOf(read)));
        if (!Arrays.equals(expected, leaf)) {
          throw new InvalidProofException("event seq " + read.getSeq() + " has leaf hash "
              + b64(expected) + ", the proof is for leaf hash " + b64(leaf));
        }
        if (read.getLogIndex() != p.leafIndex()) {
          throw new InvalidProofException("event seq " + read.getSeq() + " says logIndex "
              + read.getLogIndex() + ", the proof is for leaf " + p.leafIndex());
        }
      }
      p.verify(hash, leaf, signed.rootHash());
      return "leaf " + p.leafIndex() + " is in " + signed.origin() + " at size " + signed.size();
    }
  }

  @Command(name = "consistency", mixinStandardHelpOptions = true,
      description = "Checks that a newer checkpoint's log extends an older one's: nothing"
          + " published was rewritten or dropped.")
  static final class Consistency extends Check {
    @Option(names = "--old", required = true, paramLabel = "FILE",
        description = "The older signed checkpoint note.")
    Path oldCheckpoint;

    @Option(names = "--new", required = true, paramLabel = "FILE",
        description = "The newer signed checkpoint note.")
    Path newCheckpoint;

    @Option(names = "--proof", required = true, paramLabel = "FILE",
        description = "The consistency proof JSON (GET /v1/log/proof/consistency).")
    Path proof;

    @Option(names = "--key", required = true, paramLabel = "VKEY",
        description = "The checkpoint verifier key (name+hash+base64), or a file holding it.")
    String key;

    @Override
    String check() throws UnreadableException, IOException {
      NoteVerifier verifier = verifier(key);
      Checkpoint older = checkpoint(oldCheckpoint, verifier);
      Checkpoint newer = checkpoint(newCheckpoint, verifier);
      if (!older.origin().equals(newer.origin())) {
        throw new InvalidProofException("the checkpoints are of different logs: '"
            + older.origin() + "' and '" + newer.origin() + "'");
      }
      ProofJson.Consistency document =
          parse("proof", proof, f -> ProofJson.readConsistency(text(f)));
      var p = document.proof();
      if (p.oldSize() != older.size() || p.newSize() != newer.size()) {
        throw new InvalidProofException("the proof is for sizes " + p.oldSize() + " → "
            + p.newSize() + ", the checkpoints have sizes " + older.size() + " and "
            + newer.size());
      }
      p.verify(treeHash(document.hash()), older.rootHash(), newer.rootHash());
      return newer.origin() + " at size " + newer.size() + " extends size " + older.size();
    }
  }
}
