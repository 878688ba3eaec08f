package cn.openlicense.gateway.store;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Which replica pulls a province: a replica takes the province's lease before a run, renews it
 * while pulling and gives it up after. A lease not renewed runs out after {@link #ttl()}, so the
 * provinces of a replica that died are taken over by the others. One replica alone (the embedded
 * store) always holds every lease: {@link #SOLE}.
 */
public interface ProvinceLease {

  /**
   * Takes the province's lease for this replica, or renews it if this replica holds it already.
   * Completes with false if another replica holds an unexpired lease.
   */
  Future<Boolean> acquire(String provinceCode);

  /** Gives the lease up, if this replica holds it; the next replica to ask gets it at once. */
  Future<Void> release(String provinceCode);

  /** How long a lease lasts unless renewed. */
  Duration ttl();

  /** The lease of a gateway that is the only replica: always granted. */
  ProvinceLease SOLE = new ProvinceLease() {
    @Override
    public Future<Boolean> acquire(String provinceCode) {
      return Future.succeededFuture(true);
    }

    @Override
    public Future<Void> release(String provinceCode) {
      return Future.succeededFuture();
    }

    @Override
    public Duration ttl() {
      return Duration.ofDays(365);
    }
  };

  /** A run was asked of a replica while another replica pulls the province. */
  final class HeldElsewhereException extends IllegalStateException {
    public HeldElsewhereException(String provinceCode) {
      super("province " + provinceCode + " is being pulled by another replica (it holds the"
          + " province's lease)");
    }
  }
}
