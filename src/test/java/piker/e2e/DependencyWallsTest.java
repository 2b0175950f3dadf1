package piker.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import piker.brokerd.wallfixture.WallBreaker;
import piker.datad.wallfixture.FeedThing;
import piker.emsd.wallfixture.OrderThing;
import piker.paperboi.wallfixture.ReachesIntoEmsd;
import piker.e2e.support.Processes;

/**
 * The walls of docs/architecture.md ("Modules and walls"): contracts sees no other module; accounting sees
 * contracts; each backend (backends/<name>) and the daemons samplerd, datad and emsd see contracts only; paperboi and brokerd see
 * contracts and accounting; pikerd and the e2e tests may use everything. Checked twice: in the compiled
 * classes (ArchUnit) and in the reactor's poms, where every module must have a declared wall.
 */
class DependencyWallsTest {
  /**
   * Walled modules (by folder) and the only project modules their classes may use. A folder's artifact is
   * its path with '-' for '/' ({@code backends/sim} is {@code backends-sim}), its package is {@code piker.}
   * and its path with '.' ({@code piker.backends.sim}).
   */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("contracts", Set.of()),
      // position math and the ledger and account files: a leaf library under the daemons that share them
      Map.entry("accounting", Set.of("contracts")),
      // what the venue backends share on the wire (the websocket link): a leaf library
      Map.entry("backends/wire", Set.of()),
      // a backend sees contracts (and the wire library), never another backend
      Map.entry("backends/sim", Set.of("contracts")),
      Map.entry("backends/binance", Set.of("contracts", "backends/wire")),
      Map.entry("backends/kraken", Set.of("contracts", "backends/wire")),
      // the conformance kit: JUnit suites over the SPI, which backends take at test scope
      Map.entry("backends/testkit", Set.of("contracts")),
      Map.entry("samplerd", Set.of("contracts")),
      Map.entry("datad", Set.of("contracts")),
      Map.entry("emsd", Set.of("contracts")),
      // the ledger and account files paperboi and brokerd write are accounting's formats
      Map.entry("paperboi", Set.of("contracts", "accounting")),
      Map.entry("brokerd", Set.of("contracts", "accounting")));

  /** What a module's pom may add for its tests alone (its classes still may not use it). */
  private static final Map<String, Set<String>> TEST_SCOPE = Map.of(
      // the backends pass the conformance kit
      "backends/sim", Set.of("backends/testkit"),
      "backends/binance", Set.of("backends/testkit"),
      "backends/kraken", Set.of("backends/testkit"));

  /** Production classes only: test code lives in class folders or, for the Binance fake, in a test-jar. */
  private static final ImportOption PRODUCTION = location ->
      ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location) && !location.contains("-tests.jar");

  /** The modules that compose the others and so may use any of them (module folder to artifact). */
  private static final Map<String, String> UNWALLED = Map.of("pikerd", "pikerd", "src/test", "e2e");

  /** Built only with -Pjmh, so checked in its pom alone: the trigger book's benchmark uses emsd. */
  private static final Map<String, Set<String>> POM_ONLY = Map.of("bench-jmh", Set.of("emsd"));

  static String artifact(String folder) {
    return folder.replace('/', '-');
  }

  static String packageRoot(String folder) {
    return "piker." + folder.replace('/', '.');
  }

  /** Classes of {@code module} may use their own module, contracts, and anything outside the project. */
  static ArchRule wall(String module) {
    Set<String> allowed = new TreeSet<>(ALLOWED.get(module));
    allowed.add(module);
    String[] packages = allowed.stream().map(name -> packageRoot(name) + "..").toArray(String[]::new);
    return classes().that().resideInAPackage(packageRoot(module) + "..")
        .should().onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(packages)
            .or(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("piker.."))))
        .allowEmptyShould(true)
        .because(module + " may use only " + allowed + " of the project's modules (docs/architecture.md, Modules and walls)");
  }

  @Test
  void everyWalledModuleUsesOnlyWhatItMay() {
    JavaClasses production = new ClassFileImporter()
        .withImportOption(PRODUCTION)
        .importPackages("piker");
    for (String module : ALLOWED.keySet()) {
      // a module whose classes were not imported would pass its wall without being looked at
      assertTrue(production.stream().anyMatch(c -> c.getPackageName().startsWith(packageRoot(module))),
          "the import found " + module + "'s classes");
      wall(module).check(production);
    }
  }

  /**
   * Rule 1: brokerd is built in exactly two places, the daemon catalog (reached only through the service
   * manager's find-or-spawn, which clients may not ask for brokerd: emsd's clearing link does) and the
   * ad-hoc ledger's one override.
   */
  @Test
  void brokerdIsBuiltOnlyByTheDaemonCatalogAndTheAdHocLedger() {
    JavaClasses production = new ClassFileImporter()
        .withImportOption(PRODUCTION)
        .importPackages("piker");
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
        .that().doNotHaveFullyQualifiedName(piker.pikerd.services.DaemonCatalog.class.getName())
        .and().doNotHaveFullyQualifiedName(piker.pikerd.ledger.AdHocLedger.class.getName())
        .should().callMethod(piker.brokerd.Brokerd.class, "create", piker.contracts.daemon.DaemonSpec.class,
            piker.contracts.spi.Backend.class, Map.class)
        .because("brokerd starts in one code path, plus piker ledger's override (architecture.md rule 1)")
        .check(production);
    // the rule names the real method: the catalog's call to it is seen
    assertTrue(production.get(piker.pikerd.services.DaemonCatalog.class).getMethodCallsFromSelf().stream()
        .anyMatch(call -> call.getTarget().getOwner().isEquivalentTo(piker.brokerd.Brokerd.class)
            && call.getName().equals("create")), "the catalog builds brokerd");
  }

  @Test
  void theWallTestNoticesADaemonReachingIntoAnother() {
    JavaClasses broken = new ClassFileImporter().importClasses(WallBreaker.class, FeedThing.class,
        ReachesIntoEmsd.class, OrderThing.class);
    assertTrue(wall("brokerd").evaluate(broken).hasViolation(), "brokerd importing datad must break the wall");
    assertTrue(wall("paperboi").evaluate(broken).hasViolation(), "paperboi importing emsd must break the wall");
    assertFalse(wall("datad").evaluate(broken).hasViolation());
    assertFalse(wall("emsd").evaluate(broken).hasViolation());
  }

  @Test
  void theReactorsPomsKeepTheSameWalls() throws Exception {
    Map<String, Set<String>> walls = new TreeMap<>(ALLOWED);
    TEST_SCOPE.forEach((module, extra) -> {
      Set<String> both = new TreeSet<>(walls.get(module));
      both.addAll(extra);
      walls.put(module, both);
    });
    walls.putAll(POM_ONLY);
    for (Map.Entry<String, Set<String>> module : walls.entrySet()) {
      Set<String> used = projectDependencies(Processes.repoRoot().resolve(module.getKey()).resolve("pom.xml"));
      Set<String> allowed = new TreeSet<>();
      module.getValue().forEach(folder -> allowed.add(artifact(folder)));
      assertEquals(allowed, used, module.getKey() + "'s pom depends on " + used);
    }
    // the composition roots may use anything, but only modules of the reactor
    Set<String> artifacts = new TreeSet<>();
    ALLOWED.keySet().forEach(folder -> artifacts.add(artifact(folder)));
    artifacts.addAll(UNWALLED.values());
    for (String root : UNWALLED.keySet()) {
      Set<String> used = projectDependencies(Processes.repoRoot().resolve(root).resolve("pom.xml"));
      assertTrue(artifacts.containsAll(used), root + "'s pom depends on " + used);
    }
  }

  @Test
  void everyModuleOfTheReactorHasADeclaredWall() throws Exception {
    Set<String> declared = new TreeSet<>(ALLOWED.keySet());
    declared.addAll(UNWALLED.keySet());
    declared.addAll(POM_ONLY.keySet());
    Document root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(Processes.repoRoot().resolve("pom.xml").toFile());
    NodeList modules = root.getElementsByTagName("module"); // the default list and every profile's
    Set<String> reactor = new TreeSet<>();
    for (int i = 0; i < modules.getLength(); i++) {
      reactor.add(modules.item(i).getTextContent().strip());
    }
    assertEquals(declared, reactor, "a module without a wall here escapes every check");
  }

  /** The project modules a pom depends on (any scope, test-jars included). */
  private static Set<String> projectDependencies(Path pom) throws Exception {
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList dependencies = doc.getElementsByTagName("dependency");
    Set<String> used = new TreeSet<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      String group = dependency.getElementsByTagName("groupId").item(0).getTextContent().strip();
      if (group.equals("piker")) {
        used.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent().strip());
      }
    }
    return used;
  }

}
