package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The request journal behind {@link cc.equa.msgraph.testkit.RequestJournal}: one {@link RecordedCall} per wire
 * request and per {@code $batch} item, so tests can assert what a client sent. It keeps only headers that say
 * something about client behaviour (consistency level, retry attempt, throttle priority, …) and never a secret: no
 * {@code Authorization} header, and token requests keep only their non-secret form fields.
 */
final class Journal {
    private static final Set<String> KEPT_HEADERS = Set.of("consistencylevel", "client-request-id",
            "retry-attempt", "content-type", "prefer", "user-agent", "x-ms-throttle-priority", "host");
    private static final List<String> KEPT_TOKEN_FIELDS = List.of("grant_type", "scope", "client_id",
            "client_assertion_type");

    private final List<RecordedCall> calls = new ArrayList<>();

    List<RecordedCall> snapshot() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void clear() {
        synchronized (calls) {
            calls.clear();
        }
    }

    void record(RecordedCall.Kind kind, String method, String path, @Nullable HttpUrl url,
            Map<String, String> headers, @Nullable String body, int status, @Nullable String app,
            @Nullable String tenant, @Nullable String fault, Instant now) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (KEPT_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                kept.put(k, v);
            }
        });
        RecordedCall c = new RecordedCall(kind, method, path, decodedQuery(url), kept, Optional.ofNullable(body),
                status, Optional.ofNullable(app), Optional.ofNullable(tenant), Optional.ofNullable(fault), now);
        synchronized (calls) {
            calls.add(c);
        }
    }

    /** The query decoded ({@code $filter=mail eq 'a'}), as a test would write it. */
    private static String decodedQuery(@Nullable HttpUrl url) {
        StringBuilder q = new StringBuilder();
        if (url != null) {
            for (int i = 0; i < url.querySize(); i++) {
                if (q.length() > 0) {
                    q.append('&');
                }
                q.append(url.queryParameterName(i));
                String v = url.queryParameterValue(i);
                if (v != null) {
                    q.append('=').append(v);
                }
            }
        }
        return q.toString();
    }

    /**
     * Keep only the non-secret fields of a token request form (grant type, scope, client id, assertion type), so tests
     * can check what was asked for; the secret, assertions and claims are never journaled.
     */
    static @Nullable String sanitizedTokenForm(String body) {
        Map<String, String> form = Identity.parseForm(body);
        StringBuilder sb = new StringBuilder();
        for (String field : KEPT_TOKEN_FIELDS) {
            String value = form.get(field);
            if (value != null) {
                sb.append(sb.length() == 0 ? "" : "&").append(field).append('=').append(value);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
