package cc.equa.msgraph.it.connect;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J provider for the testkit's tests that enables <em>every</em> logger at TRACE, hands every event (message,
 * arguments and the full stack trace of any throwable, causes included) to {@link LogCapture}, and prints INFO and
 * above to standard error like slf4j-simple. Selected with the system property {@code slf4j.provider} (see the
 * module's surefire configuration), so azure-core, MSAL and the library all log through it at TRACE.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private final ILoggerFactory factory = CapturingLogger::new;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        LogCapture.installJulBridge();
    }

    /** A logger enabled at every level. */
    static final class CapturingLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        CapturingLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            StringBuilder line = new StringBuilder().append(level).append(' ').append(name).append(" - ")
                    .append(message);
            if (throwable != null) {
                StringWriter trace = new StringWriter();
                throwable.printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            LogCapture.record(name, line.toString());
            if (level.toInt() >= Level.INFO.toInt()) {
                System.err.println(LocalTime.now() + " [" + Thread.currentThread().getName() + "] " + line);
            }
        }
    }

    /**
     * Return a logger, for tests that check the provider itself.
     *
     * @param name the name
     * @return the logger
     */
    static Logger logger(String name) {
        return new CapturingLogger(name);
    }
}
