package cn.openlicense.gateway.trust;

import java.util.List;
import java.util.Optional;

/** Public keys by key id: what a verifier needs to check signatures. */
public interface KeySet {

  /** The key with that id, if known. */
  Optional<VerificationKey> find(String keyId);

  /** The ids of every known key, for messages naming what is known. */
  List<String> keyIds();
}
