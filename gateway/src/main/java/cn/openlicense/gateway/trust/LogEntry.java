package cn.openlicense.gateway.trust;

/**
 * One leaf of the transparency log as the store holds it: its index and its entry (the signed
 * body's Avro single-object encoding — a listing event's or a licence outcome's; the encoding's
 * schema fingerprint tells them apart).
 */
public record LogEntry(long index, byte[] entry) {}
