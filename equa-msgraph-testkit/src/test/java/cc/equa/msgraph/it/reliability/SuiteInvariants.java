package cc.equa.msgraph.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Suite-wide invariants, auto-registered for every test of the testkit module (see
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and {@code junit-platform.properties}).
 *
 * <ul>
 *   <li>After each test: no log line written while it ran holds a registered secret or token, a JWT, a bearer header
 *       or a fake default secret; no fake in the JVM logged a {@code DIRECTORY_OBJECT_DELETE} violation while a
 *       library test ran; the journals of the fakes in {@link Fakes} show no secret outside token requests and no
 *       {@code DELETE} other than {@code $ref}. A failure fails that test.</li>
 *   <li>When the whole run ends: the same checks over everything (late log lines from background threads
 *       included); the {@code RELIABILITY} summary line is printed and written to
 *       {@code target/reliability-summary.txt}; any leak or directory-object delete fails the run.</li>
 * </ul>
 *
 * <p>Exemptions, both explicit: tests that plant a leak on purpose ({@link SuiteLog#PLANTED}), and the fake's own
 * contract tests (package {@code cc.equa.msgraph.testkit}), which send forbidden requests on purpose to prove the fake
 * flags them — the violation check covers library code paths, so it skips them; the leak check does not.
 */
public final class SuiteInvariants implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SuiteInvariants.class);
    private static final String FAKE_SELF_TESTS = "cc.equa.msgraph.testkit.";

    static {
        // Every line the connect tests' CapturingLogProvider (every logger at TRACE, and java.util.logging) captures.
        cc.equa.msgraph.it.connect.LogCapture.tap = SuiteLog::record;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Summary.class, k -> new Summary(), Summary.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SuiteLog.currentTest(id(context));
        context.getStore(NS).put("mark", SuiteLog.lines());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            Long mark = context.getStore(NS).get("mark", Long.class);
            String test = id(context);
            List<String> problems = new ArrayList<>();
            for (SuiteLog.Finding f : SuiteLog.findingsAfter(mark == null ? 0 : mark)) {
                if (!test.equals(f.test()) || f.planted()) {
                    continue;
                }
                if (f.kind().startsWith("leak:")) {
                    problems.add(f.kind() + " in a log line: " + f.line());
                } else if (f.kind().equals("violation:DIRECTORY_OBJECT_DELETE") && !test.startsWith(FAKE_SELF_TESTS)) {
                    problems.add("the fake saw a directory-object DELETE: " + f.line());
                }
            }
            Fakes.inspectAll().forEach(p -> problems.add("journal: " + p));
            if (!problems.isEmpty()) {
                throw new AssertionError("Suite invariants broken by " + test + ":\n  " + String.join("\n  ",
                        problems.subList(0, Math.min(20, problems.size()))));
            }
        } finally {
            SuiteLog.currentTest(null);
        }
    }

    private static String id(ExtensionContext context) {
        return context.getRequiredTestClass().getName() + context.getTestMethod().map(m -> "#" + m.getName())
                .orElse("");
    }

    /** Closed by JUnit when the whole run ends: final sweep, summary line, failure on any leak. */
    static final class Summary implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        @Override
        public void close() {
            Fakes.inspectAll();
            long leaks = 0;
            long planted = 0;
            long deletes = 0;
            long earlyFlags = 0;
            List<String> examples = new ArrayList<>();
            for (SuiteLog.Finding f : SuiteLog.findings()) {
                if (f.kind().startsWith("leak:")) {
                    if (f.planted()) {
                        planted++;
                    } else {
                        leaks++;
                        examples.add(f.test() + ": " + f.kind() + ": " + f.line());
                    }
                } else if (f.kind().equals("violation:DIRECTORY_OBJECT_DELETE")) {
                    if (f.test() == null || !f.test().startsWith(FAKE_SELF_TESTS)) {
                        deletes++;
                        examples.add(f.test() + ": " + f.line());
                    }
                } else if (f.kind().equals("violation:RETRY_BEFORE_RETRY_AFTER")) {
                    earlyFlags++;
                }
            }
            List<String> journal = Fakes.problems();
            long secretLeaks = leaks + journal.stream().filter(p -> p.contains("secret")).count();
            examples.addAll(journal);
            Figures.add(Figures.SECRET_LEAKS, secretLeaks);
            String line = "RELIABILITY schedules=" + Figures.get(Figures.SCHEDULES)
                    + " converged=" + Figures.get(Figures.CONVERGED)
                    + " lost_changes=" + Figures.get(Figures.LOST_CHANGES)
                    + " early_retries=" + Figures.get(Figures.EARLY_RETRIES)
                    + " bad_inputs=" + Figures.get(Figures.BAD_INPUTS)
                    + " rejected_before_network=" + Figures.get(Figures.REJECTED_BEFORE_NETWORK)
                    + " forged_plans=" + Figures.get(Figures.FORGED_PLANS)
                    + " secret_leaks=" + secretLeaks
                    + " raw_exceptions=" + Figures.get(Figures.RAW_EXCEPTIONS)
                    + " second_groups=" + Figures.get(Figures.SECOND_GROUPS)
                    + " stale_plans=" + Figures.get(Figures.STALE_PLANS)
                    + " spurious_replans=" + Figures.get(Figures.SPURIOUS_REPLANS)
                    + " realistic=" + Figures.get(Figures.REALISTIC)
                    + " realistic_converged=" + Figures.get(Figures.REALISTIC + "_converged")
                    + " realistic_lost_changes=" + Figures.get(Figures.REALISTIC + "_lost_changes")
                    + " realistic_early_retries=" + Figures.get(Figures.REALISTIC + "_early_retries");
            StringBuilder detail = new StringBuilder("RELIABILITY-DETAIL");
            Figures.all().forEach((k, v) -> {
                if (!line.contains(" " + k + "=") && !line.contains("RELIABILITY " + k + "=")) {
                    detail.append(' ').append(k).append('=').append(v);
                }
            });
            detail.append(" log_lines_scanned=").append(SuiteLog.lines())
                    .append(" sensitive_values=").append(SuiteLog.sensitiveCount())
                    .append(" planted_leaks_found=").append(planted)
                    .append(" fakes_started=").append(SuiteLog.fakesStarted())
                    .append(" fakes_journal_inspected=").append(Fakes.registered())
                    .append(" calls_inspected=").append(Fakes.callsInspected())
                    .append(" directory_object_deletes=").append(deletes)
                    .append(" journal_problems=").append(journal.size())
                    .append(" fake_early_retry_flags_suite_wide=").append(earlyFlags);
            String text = line + "\n" + detail + "\n";
            // a second surefire run (the realistic-profile integration tests, see the pom) names its own summary,
            // so it neither overwrites nor is mistaken for the main run's RELIABILITY line
            String run = System.getProperty("reliability.summary", "");
            if (!run.isEmpty()) {
                text = text.replace("RELIABILITY ", "RELIABILITY-" + run.toUpperCase(java.util.Locale.ROOT) + " ")
                        .replace("RELIABILITY-DETAIL", "RELIABILITY-" + run.toUpperCase(java.util.Locale.ROOT)
                                + "-DETAIL");
            }
            System.out.print(text);
            try {
                Path target = Path.of(System.getProperty("basedir", "."), "target");
                Files.createDirectories(target);
                Files.writeString(target.resolve(run.isEmpty() ? "reliability-summary.txt"
                        : "reliability-summary-" + run + ".txt"), text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (secretLeaks > 0 || deletes > 0 || !journal.isEmpty()) {
                throw new AssertionError("Suite invariants broken:\n  " + String.join("\n  ",
                        examples.subList(0, Math.min(30, examples.size()))));
            }
        }
    }
}
