package cc.equa.msgraph;

import java.time.Duration;
import java.util.Objects;

/**
 * One request the library sent to Microsoft Graph and how it ended, reported to a {@link GraphRequestListener}.
 * Every value is low-cardinality: the resource is a template ({@code /groups/{id}/members/{id}/$ref}, {@code /$batch},
 * {@code /users}) that never holds an id, address, query string or token.
 *
 * @param kind an HTTP request, or one request inside a {@code $batch}
 * @param method the HTTP method, such as {@code GET} or {@code PATCH}
 * @param resource the resource template, such as {@code /groups/{id}/members/$ref}
 * @param status the HTTP status; 0 when there was no answer (see {@link #failure()})
 * @param failure why there was no answer; {@link Failure#NONE} when there was one
 * @param duration how long the HTTP request took; for a {@code $batch} item, the {@code $batch}'s time
 * @param batchItems for a {@code $batch} HTTP request, how many requests it carried; otherwise 0
 * @param retry whether this is a repeat of a request sent before (after a 429, a transient failure or a refused
 *     token)
 * @since 0.2.0
 */
public record GraphRequestEvent(Kind kind, String method, String resource, int status, Failure failure,
        Duration duration, int batchItems, boolean retry) {

    /**
     * Check the values.
     *
     * @param kind an HTTP request, or one request inside a {@code $batch}
     * @param method the HTTP method
     * @param resource the resource template
     * @param status the HTTP status, or 0
     * @param failure why there was no answer ({@link Failure#NONE} with a status; {@code NONE} without one is read
     *     as {@link Failure#NO_ANSWER})
     * @param duration how long the request took, not negative
     * @param batchItems the requests a {@code $batch} carried, or 0; not negative
     * @param retry whether the request was sent before
     * @since 0.2.0
     */
    public GraphRequestEvent {
        Objects.requireNonNull(kind, "'kind' must not be null");
        Objects.requireNonNull(method, "'method' must not be null");
        Objects.requireNonNull(resource, "'resource' must not be null");
        Objects.requireNonNull(failure, "'failure' must not be null");
        Objects.requireNonNull(duration, "'duration' must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("'duration' must not be negative, not " + duration);
        }
        if (batchItems < 0) {
            throw new IllegalArgumentException("'batchItems' must not be negative, not " + batchItems);
        }
        if (status < 0 || status > 999) {
            throw new IllegalArgumentException("'status' must be an HTTP status or 0, not " + status);
        }
        if (status != 0 && failure != Failure.NONE) {
            throw new IllegalArgumentException("a request answered " + status + " has no failure, not " + failure);
        }
        if (status == 0 && failure == Failure.NONE) {
            failure = Failure.NO_ANSWER;
        }
    }

    /**
     * Return the outcome, as Micrometer's HTTP conventions name it, with throttling apart.
     *
     * @return the outcome
     * @since 0.2.0
     */
    public Outcome outcome() {
        if (status == 0) {
            return Outcome.NO_ANSWER;
        }
        if (status == 429) {
            return Outcome.THROTTLED;
        }
        if (status < 400) {
            return Outcome.SUCCESS;
        }
        return status < 500 ? Outcome.CLIENT_ERROR : Outcome.SERVER_ERROR;
    }

    /**
     * Return the status class, such as {@code 2xx}, or {@code none} without an answer.
     *
     * @return the class
     * @since 0.2.0
     */
    public String statusClass() {
        return status == 0 ? "none" : (status / 100) + "xx";
    }

    /**
     * Describe the event (it holds nothing secret).
     *
     * @return for example {@code REQUEST POST /$batch 200 (20 items) in 35 ms}
     * @since 0.2.0
     */
    @Override
    public String toString() {
        return kind + " " + method + " " + resource + " " + (status == 0 ? failure.name() : String.valueOf(status))
                + (batchItems > 0 ? " (" + batchItems + " items)" : "") + (retry ? " retry" : "") + " in "
                + duration.toMillis() + " ms";
    }

    /**
     * What kind of request an event is about.
     *
     * @since 0.2.0
     */
    public enum Kind {
        /** An HTTP request to Graph, a {@code $batch} included. */
        REQUEST,
        /** One request inside a {@code $batch}, with its own status. */
        BATCH_ITEM
    }

    /**
     * The outcome of a request.
     *
     * @since 0.2.0
     */
    public enum Outcome {
        /** 1xx to 3xx. */
        SUCCESS,
        /** 429: Graph throttled the request. */
        THROTTLED,
        /** 4xx other than 429. */
        CLIENT_ERROR,
        /** 5xx. */
        SERVER_ERROR,
        /** No answer (see {@link GraphRequestEvent#failure()}). */
        NO_ANSWER
    }

    /**
     * Why a request got no answer.
     *
     * @since 0.2.0
     */
    public enum Failure {
        /** Graph answered (see {@link GraphRequestEvent#status()}). */
        NONE,
        /** The connection or the answer timed out. */
        TIMEOUT,
        /** No connection could be made (name resolution, refused, reset). */
        CONNECTION,
        /** The TLS handshake failed (for example an untrusted certificate). */
        TLS,
        /** The answer could not be read, or a {@code $batch} item had no usable answer. */
        NO_ANSWER,
        /** No access token could be had, so nothing was sent. */
        NO_TOKEN
    }
}
