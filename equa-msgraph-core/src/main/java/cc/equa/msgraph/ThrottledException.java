package cc.equa.msgraph;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Graph kept throttling the application after the library's retry budget ran out. Nothing is lost: planning and
 * applying again later converges. {@link #retryAfter()} says when Graph suggested trying again.
 *
 * @since 0.1.0
 */
public final class ThrottledException extends MsGraphException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** Graph's last Retry-After, or null. */
    private final @Nullable Duration retryAfter;

    /**
     * Create the exception.
     *
     * @param retryAfter Graph's last Retry-After, or {@code null}
     * @param details what failed, why and what to do
     * @param cause the underlying exception, or {@code null}
     * @since 0.1.0
     */
    public ThrottledException(@Nullable Duration retryAfter, Details details, @Nullable Throwable cause) {
        super(details, retryAfter, cause);
        this.retryAfter = retryAfter;
    }

    /**
     * Return Graph's last suggested wait.
     *
     * @return the wait
     * @since 0.1.0
     */
    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
