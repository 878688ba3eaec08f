package cn.openlicense.gateway.push;

/**
 * Where a listing's current version came from when a province pushed it: enough to fetch the
 * push ({@code /v1/pushes/{pushId}}) and check the province's own signature over it.
 *
 * @param provinceKeyId the id of the province key the push verified with
 * @param provinceSignature the province's signature
 * @param bodySha256 lower-case hex SHA-256 of the pushed body
 */
public record PushProvenance(
    String pushId, String provinceKeyId, byte[] provinceSignature, String bodySha256) {}
