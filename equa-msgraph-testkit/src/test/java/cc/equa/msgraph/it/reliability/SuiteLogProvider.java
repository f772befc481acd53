package cc.equa.msgraph.it.reliability;

import cc.equa.msgraph.it.connect.CapturingLogProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The testkit's SLF4J provider (selected by surefire's {@code slf4j.provider}): it reuses the connect tests'
 * {@link CapturingLogProvider} (every logger at TRACE, its per-class leak check, INFO and above to stderr) and tees
 * every event, formatted with arguments and full stack traces, into {@link SuiteLog} for the suite-wide secret and
 * violation scan. java.util.logging (OkHttp, MockWebServer) is bridged the same way.
 */
public final class SuiteLogProvider implements SLF4JServiceProvider {

    private final CapturingLogProvider delegate = new CapturingLogProvider();
    private final ILoggerFactory factory = name -> new TeeLogger(name, delegate.getLoggerFactory().getLogger(name));

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return delegate.getMarkerFactory();
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return delegate.getMDCAdapter();
    }

    @Override
    public String getRequestedApiVersion() {
        return delegate.getRequestedApiVersion();
    }

    @Override
    public void initialize() {
        delegate.initialize();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                String message = r.getMessage();
                if (r.getParameters() != null && message != null) {
                    try {
                        message = java.text.MessageFormat.format(message, r.getParameters());
                    } catch (IllegalArgumentException e) {
                        message = message + " " + java.util.Arrays.toString(r.getParameters());
                    }
                }
                StringBuilder line = new StringBuilder("JUL ").append(r.getLevel()).append(' ')
                        .append(r.getLoggerName()).append(" - ").append(message);
                if (r.getThrown() != null) {
                    StringWriter w = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(w));
                    line.append('\n').append(w);
                }
                SuiteLog.record(String.valueOf(r.getLoggerName()), line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** Forwards to the capturing logger and records the formatted event. */
    static final class TeeLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;
        private final transient Logger target;

        TeeLogger(String name, Logger target) {
            this.name = name;
            this.target = target;
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
            SuiteLog.record(name, line.toString());
            switch (level) {
                case TRACE -> target.trace(message, throwable);
                case DEBUG -> target.debug(message, throwable);
                case INFO -> target.info(message, throwable);
                case WARN -> target.warn(message, throwable);
                default -> target.error(message, throwable);
            }
        }
    }
}
