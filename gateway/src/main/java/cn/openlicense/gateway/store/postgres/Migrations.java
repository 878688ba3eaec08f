package cn.openlicense.gateway.store.postgres;

import cn.openlicense.gateway.store.SqlMigrations;
import java.util.List;

/** This engine's schema history: the numbered files under {@code store/postgres/}. */
final class Migrations {

  /** Every migration in order; a test checks that no {@code V*.sql} resource is left out. */
  static final SqlMigrations SQL = new SqlMigrations("/store/postgres/", List.of("V1__init.sql",
      "V2__pushes.sql", "V3__subscriptions.sql", "V4__outcomes.sql"));

  private Migrations() {}
}
