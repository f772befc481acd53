package cc.equa.msgraph.it.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures all log output (SLF4J at TRACE through {@link CapturingLogProvider}, and java.util.logging at ALL, which
 * OkHttp uses) while a test class runs, and fails the class if any registered secret or any access token (anything
 * shaped like a JWT or a bearer header) appears in it. The fake tenant's own (server-side) loggers are excluded: the
 * server legitimately receives the secret.
 */
public final class LogCapture implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> LINES = new ArrayList<>();
    private static final Set<String> SENSITIVE = ConcurrentHashMap.newKeySet();
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/-]{16,}");
    private static final java.util.concurrent.atomic.AtomicInteger ARMED = new java.util.concurrent.atomic.AtomicInteger();
    private static volatile boolean julInstalled;

    /**
     * Sees every captured line, armed or not (the reliability suite's whole-run scan, {@code SuiteLog}); null if none.
     */
    public static volatile java.util.function.@org.jspecify.annotations.Nullable BiConsumer<String, String> tap;

    static void record(String logger, String line) {
        java.util.function.BiConsumer<String, String> t = tap;
        if (t != null) {
            t.accept(logger, line);
        }
        if (ARMED.get() == 0 || logger.startsWith("cc.equa.msgraph.testkit") || logger.startsWith("okhttp3.mockwebserver")) {
            return;
        }
        synchronized (LINES) {
            LINES.add(line);
        }
    }

    /**
     * Register a value that must never appear in any log line.
     *
     * @param value the secret
     */
    public static void sensitive(String value) {
        if (value != null && value.length() >= 6) {
            SENSITIVE.add(value);
        }
    }

    static int lineCount() {
        synchronized (LINES) {
            return LINES.size();
        }
    }

    static List<String> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    static synchronized void installJulBridge() {
        if (julInstalled) {
            return;
        }
        julInstalled = true;
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                String message = r.getMessage();
                if (r.getParameters() != null && message != null) {
                    message = java.text.MessageFormat.format(message, r.getParameters());
                }
                StringBuilder line = new StringBuilder("JUL ").append(r.getLevel()).append(' ')
                        .append(r.getLoggerName()).append(" - ").append(message);
                if (r.getThrown() != null) {
                    java.io.StringWriter w = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(w));
                    line.append('\n').append(w);
                }
                record(String.valueOf(r.getLoggerName()), line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        for (String name : List.of("okhttp3", "okhttp3.OkHttpClient", "okhttp3.internal")) {
            java.util.logging.Logger.getLogger(name).setLevel(java.util.logging.Level.ALL);
        }
    }

    /**
     * Return the offending lines of the captured output since {@code from}: those holding a registered secret, a
     * JWT or a bearer token.
     *
     * @param from the first line to check
     * @return the offending lines, with what they leaked (the value itself replaced)
     */
    static List<String> leaks(int from) {
        List<String> all = lines();
        List<String> leaks = new ArrayList<>();
        for (String line : all.subList(Math.min(from, all.size()), all.size())) {
            for (String s : SENSITIVE) {
                if (line.contains(s)) {
                    leaks.add("secret in: " + line.replace(s, "<SECRET>"));
                }
            }
            Matcher jwt = JWT.matcher(line);
            if (jwt.find()) {
                leaks.add("token in: " + jwt.replaceAll("<JWT>"));
            }
            if (BEARER.matcher(line).find()) {
                leaks.add("bearer in: " + BEARER.matcher(line).replaceAll("<BEARER>"));
            }
        }
        return leaks;
    }

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LogCapture.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        installJulBridge();
        if (!(LoggerFactory.getLogger("probe") instanceof CapturingLogProvider.CapturingLogger)) {
            throw new IllegalStateException("The capturing SLF4J provider is not active (got "
                    + LoggerFactory.getLogger("probe").getClass().getName() + "); run with"
                    + " -Dslf4j.provider=" + CapturingLogProvider.class.getName());
        }
        context.getStore(NS).put("from", lineCount());
        ARMED.incrementAndGet();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ARMED.decrementAndGet();
        int from = context.getStore(NS).get("from", Integer.class);
        List<String> leaks = leaks(from);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " log line(s) leak a secret or token:\n"
                    + String.join("\n", leaks.subList(0, Math.min(5, leaks.size()))));
        }
        if (lineCount() - from == 0) {
            throw new AssertionError("No log output was captured: the leak check would prove nothing");
        }
    }
}
