package cn.openlicense.gateway.push;

import java.time.Instant;

/**
 * A push whose signature verified with its province's registered key.
 *
 * @param timestamp {@code X-Push-Timestamp} exactly as signed
 * @param at the instant it names
 * @param signature the province's signature, as decoded from base64
 * @param keyId the id of the key it verified with ({@link PushKeyId})
 * @param bodySha256 lower-case hex SHA-256 of the body
 * @param body the body as received
 */
public record VerifiedPush(String provinceCode, String timestamp, Instant at, String nonce,
    byte[] signature, String keyId, String bodySha256, byte[] body) {}
