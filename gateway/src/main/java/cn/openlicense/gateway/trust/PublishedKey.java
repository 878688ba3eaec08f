package cn.openlicense.gateway.trust;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A public key as {@code GET /v1/keys} lists it.
 *
 * @param keyId first 16 hex of SHA-256 over the SPKI DER
 * @param alg {@code Ed25519} or {@code SM2-SM3}
 * @param active whether the gateway signs with it now; retired keys stay listed so old
 *     signatures still verify
 * @param created when the key was made
 * @param pem the SPKI as a {@code PUBLIC KEY} PEM block
 * @param jwk the key as a JSON Web Key (see {@link VerificationKey#jwk()})
 */
public record PublishedKey(
    String keyId, String alg, boolean active, Instant created, String pem,
    Map<String, String> jwk) {

  public PublishedKey {
    jwk = Collections.unmodifiableMap(new LinkedHashMap<>(jwk)); // keeps the JWK's field order
  }

  static PublishedKey of(VerificationKey key, boolean active, Instant created) {
    return new PublishedKey(
        key.keyId(), key.algorithm().label(), active, created, key.pem(), key.jwk());
  }
}
