package cc.equa.msgraph.it.reliability;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The suite's registry of fake tenants and the secrets they know. The fake has no creation hook, so the reliability
 * tests start their fakes here; {@link SuiteInvariants} inspects the journals of every fake registered here after
 * each test (and the soak before each reset), and scans all log output of every fake in the JVM.
 *
 * <p>Journal invariants (per request the fake received): no request other than a token request carries a client
 * secret (in path, query, kept headers or body); no {@code DELETE} other than {@code .../$ref}.
 */
final class Fakes {

    private static final List<FakeGraphTenant> STARTED = new CopyOnWriteArrayList<>();
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Map<FakeGraphTenant, Integer> INSPECTED = new IdentityHashMap<>();
    private static long callsInspected;
    private static final List<String> PROBLEMS = new ArrayList<>();

    private Fakes() {
    }

    /**
     * Start a fake and register it.
     *
     * @param builder the fake's builder
     * @return the running fake
     */
    static FakeGraphTenant start(FakeGraphTenant.Builder builder) {
        FakeGraphTenant fake = builder.start();
        STARTED.add(fake);
        return fake;
    }

    /**
     * Register an app in a fake and its secrets as sensitive.
     *
     * @param fake the fake
     * @param registration the registration
     * @return the app
     */
    static FakeApp app(FakeGraphTenant fake, AppRegistration registration) {
        registration.secrets().forEach(s -> secret(s.value()));
        FakeApp app = fake.registerApp(registration);
        secret(app.clientSecret());
        return app;
    }

    static void secret(String value) {
        SECRETS.add(value);
        SuiteLog.sensitive(value);
    }

    /**
     * Return an integration builder wired to a fake the way a test should: its cloud, its CA as an explicit extra
     * trust anchor, virtual clock and sleeper.
     *
     * @param fake the fake
     * @return the builder
     */
    static MicrosoftIntegration.Builder integration(FakeGraphTenant fake) {
        return MicrosoftIntegration.builder().cloud(fake.cloud()).trustCertificates(List.of(fake.caCertificate()))
                .clock(fake.clock()).sleeper(fake.sleeper());
    }

    static int registered() {
        return STARTED.size();
    }

    static synchronized long callsInspected() {
        return callsInspected;
    }

    /**
     * Inspect the journal entries of every registered fake not inspected yet.
     *
     * @return the problems found now
     */
    static List<String> inspectAll() {
        List<String> found = new ArrayList<>();
        for (FakeGraphTenant fake : STARTED) {
            found.addAll(inspect(fake));
        }
        return found;
    }

    /**
     * Inspect a fake's journal entries not inspected yet (call before {@code reset()} or {@code journal().clear()}).
     *
     * @param fake the fake
     * @return the problems found now
     */
    static synchronized List<String> inspect(FakeGraphTenant fake) {
        List<RecordedCall> calls = fake.journal().calls();
        int from = INSPECTED.getOrDefault(fake, 0);
        if (from > calls.size()) {
            from = 0; // the journal was cleared since
        }
        List<String> found = new ArrayList<>();
        for (RecordedCall c : calls.subList(from, calls.size())) {
            callsInspected++;
            String problem = problem(c);
            if (problem != null) {
                found.add(problem);
            }
        }
        INSPECTED.put(fake, calls.size());
        PROBLEMS.addAll(found);
        return found;
    }

    /** Forget the high-water mark after the journal was cleared. */
    static synchronized void cleared(FakeGraphTenant fake) {
        INSPECTED.put(fake, 0);
    }

    static synchronized List<String> problems() {
        return List.copyOf(PROBLEMS);
    }

    static String problem(RecordedCall c) {
        if (c.kind() != RecordedCall.Kind.TOKEN) {
            String text = c.path() + "?" + c.query() + " " + c.headers() + " " + c.body().orElse("");
            for (String s : SECRETS) {
                if (text.contains(s)) {
                    return "a client secret in a non-token request: " + c.method() + " " + c.path();
                }
            }
            if (SuiteLog.FAKE_SECRET.matcher(text).find()) {
                return "a fake-tenant secret in a non-token request: " + c.method() + " " + c.path();
            }
        }
        if (c.method().toUpperCase(Locale.ROOT).equals("DELETE") && !c.path().endsWith("/$ref")) {
            return "a DELETE that is not a membership removal ($ref): " + c.path();
        }
        return null;
    }
}
