package cn.openlicense.gateway.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §2's dependency rules, held by the build so later work cannot quietly break them: the
 * domain core is plain Java over values and bytes; the schemas and the adapter SPI know nothing
 * of the gateway.
 */
final class DependencyRulesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("cn.openlicense");
  }

  @Test
  void domainCoreUsesNoVertxStoreOrHttp() {
    noClasses()
        .that().resideInAnyPackage(
            "cn.openlicense.gateway.normalise..", "cn.openlicense.gateway.validate..",
            "cn.openlicense.gateway.finding..", "cn.openlicense.gateway.pricing..",
            "cn.openlicense.gateway.trust.merkle..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.vertx..", "io.netty..", "java.sql..", "javax.sql..", "org.sqlite..",
            "cn.openlicense.gateway.store..", "cn.openlicense.gateway.api..",
            "cn.openlicense.gateway.harvest..", "cn.openlicense.gateway.cli..")
        .because("the normaliser, validator and Merkle maths are plain Java over values and bytes,"
            + " usable from the CLI, tests and benchmarks without a running gateway")
        .check(classes);
  }

  @Test
  void schemasAndAdapterSpiDependOnNothingOfTheGateway() {
    noClasses()
        .that().resideInAnyPackage("cn.openlicense.schema..", "cn.openlicense.adapter..")
        .should().dependOnClassesThat().resideInAPackage("cn.openlicense.gateway..")
        .check(classes);
  }

  @Test
  void gatewayPackagesHaveNoCycles() {
    slices().matching("cn.openlicense.gateway.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void schemasDependOnNoAdapterCode() {
    noClasses()
        .that().resideInAPackage("cn.openlicense.schema..")
        .should().dependOnClassesThat().resideInAPackage("cn.openlicense.adapter..")
        .check(classes);
  }

  @Test
  void storeKnowsNothingOfHttp() {
    noClasses()
        .that().resideInAPackage("cn.openlicense.gateway.store..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "cn.openlicense.gateway.api..", "io.vertx.ext.web..", "io.vertx.core.http..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void apiDoesNotReachIntoHarvest() {
    noClasses()
        .that().resideInAPackage("cn.openlicense.gateway.api..")
        .should().dependOnClassesThat().resideInAPackage("cn.openlicense.gateway.harvest..")
        .allowEmptyShould(true)
        .check(classes);
  }
}
