package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque page token handed to callers instead of Graph's raw {@code @odata.nextLink}: it records the
 * organization, whether the listing is a {@code $search} (whose later pages need {@code ConsistencyLevel} again),
 * and the link. A token handed back is accepted only for the same organization and only if the link points at the
 * configured Graph endpoint's {@code /v1.0/groups} collection, so a tampered token cannot send the app's bearer
 * token anywhere else or read anything but groups.
 *
 * <p>It also carries how many pages the listing has taken, its page size and the fingerprints of the last
 * {@value #RECENT} links followed, so a listing whose next links cycle (A→B→A) or never end is reported instead of
 * handing the caller tokens forever (see {@link #maxPages(int)}).
 *
 * <p>A token is authenticated: HMAC-SHA256 under a key derived from the organization's current plan key (the same
 * {@link PlanKeys} that authenticate plans, so every node sharing the settings store accepts every node's tokens),
 * checked in constant time before anything in it is used. A caller's copy is untrusted input: without the MAC an
 * edited filter or skip token would be sent to Graph and answered with a 400 instead of being refused here, before
 * any request. Tokens of older versions ({@code g1.}, {@code g2.}: unauthenticated) are refused; a listing simply
 * starts again.
 *
 * @param organization the organization the listing belongs to
 * @param search whether the listing uses {@code $search}
 * @param nextLink Graph's next link, verbatim
 * @param pages how many pages the listing has returned so far
 * @param pageSize the page size the listing asked for (0 when unknown)
 * @param recent fingerprints of the links followed before this one, oldest first
 * @param tenant the tenant the organization was connected to when the listing started (lower case): a listing of
 *     one directory is not continued after the organization reconnects to another
 */
record PageToken(OrganizationId organization, boolean search, String nextLink, int pages, int pageSize,
        List<String> recent, String tenant) {

    /** How many earlier links a token remembers. */
    static final int RECENT = 16;

    /**
     * Twice the default directory quota: a tenant with a verified domain holds at most 300,000 objects
     * (https://learn.microsoft.com/en-us/entra/identity/users/directory-service-limits-restrictions), so no listing
     * has more groups; the factor 2 leaves room for a quota support raised.
     */
    static final int MAX_OBJECTS = 600_000;

    private static final String PREFIX = "g3.";
    /** Domain separation: the plan key never MACs a page token directly. */
    private static final byte[] PURPOSE = "equa-msgraph page token v3".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_LENGTH = 16 * 1024;
    private static final String FIELD = "pageToken";
    private static final String REMEDIATION = "Pass back the nextPageToken of the previous page unchanged, or start"
            + " the listing again.";

    /**
     * Copy the list.
     *
     * @param organization the organization the listing belongs to
     * @param search whether the listing uses {@code $search}
     * @param nextLink Graph's next link, verbatim
     * @param pages how many pages the listing has returned so far
     * @param pageSize the page size the listing asked for (0 when unknown)
     * @param recent fingerprints of the links followed before this one
     * @param tenant the tenant the listing belongs to
     */
    public PageToken {
        recent = List.copyOf(recent);
        tenant = tenant.toLowerCase(Locale.ROOT);
    }

    /**
     * A token of a listing whose tenant is not known (tests).
     *
     * @param organization the organization the listing belongs to
     * @param search whether the listing uses {@code $search}
     * @param nextLink Graph's next link, verbatim
     * @param pages how many pages the listing has returned so far
     * @param pageSize the page size the listing asked for (0 when unknown)
     * @param recent fingerprints of the links followed before this one
     */
    PageToken(OrganizationId organization, boolean search, String nextLink, int pages, int pageSize,
            List<String> recent) {
        this(organization, search, nextLink, pages, pageSize, recent, "");
    }

    /**
     * A token after the first page.
     *
     * @param organization the organization the listing belongs to
     * @param search whether the listing uses {@code $search}
     * @param nextLink Graph's next link, verbatim
     */
    public PageToken(OrganizationId organization, boolean search, String nextLink) {
        this(organization, search, nextLink, 1, 0, List.of());
    }

    /**
     * The most pages a listing of this page size may take: every group of the largest directory, plus one.
     *
     * @param pageSize the page size (0 when unknown: the smallest, 1)
     * @return the cap
     */
    static int maxPages(int pageSize) {
        return MAX_OBJECTS / Math.max(1, pageSize) + 1;
    }

    /**
     * Tell whether a link was followed before in this listing (the current one or a remembered one).
     *
     * @param link the link
     * @return true for a cycle
     */
    boolean seen(String link) {
        return link.equals(nextLink) || recent.contains(fingerprint(link));
    }

    /**
     * The token for the page after this one.
     *
     * @param link the next page's link
     * @return the token
     */
    PageToken next(String link) {
        ArrayList<String> r = new ArrayList<>(recent);
        r.add(fingerprint(nextLink));
        while (r.size() > RECENT) {
            r.remove(0);
        }
        return new PageToken(organization, search, link, pages + 1, pageSize, r, tenant);
    }

    static String fingerprint(String link) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(link.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Encode and authenticate the token.
     *
     * @param key the organization's current plan key
     * @return the opaque text
     */
    String encode(PlanKey key) {
        String raw = organization.value() + "\n" + (search ? "s" : "-") + "\n" + pages + "\n" + pageSize + "\n"
                + String.join(",", recent) + "\n" + tenant + "\n" + nextLink;
        String signed = PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(raw.getBytes(StandardCharsets.UTF_8)) + "." + key.id();
        return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, signed));
    }

    /**
     * Decode and check a token handed back by a caller: its MAC first, then its organization and link.
     *
     * @param operation what is being done, for the exception
     * @param token the token
     * @param organization the organization it must belong to
     * @param graphBaseUrl the configured Graph v1.0 base URL, such as {@code https://graph.microsoft.com/v1.0}
     * @param keys the plan keys; a token verifies under the organization's current or a retired key
     * @return the token
     * @throws InvalidInputException if it is malformed or changed, belongs to another organization or points
     *     elsewhere
     */
    static PageToken decode(String operation, String token, OrganizationId organization, String graphBaseUrl,
            PlanKeys keys) {
        if (token.startsWith("g1.") || token.startsWith("g2.")) {
            throw invalid(operation, "was issued by an older version of this library, whose tokens are not"
                    + " authenticated");
        }
        int bodyEnd = token.indexOf('.', PREFIX.length());
        int macStart = token.lastIndexOf('.');
        if (token.isBlank() || token.length() > MAX_LENGTH || !token.startsWith(PREFIX) || bodyEnd < 0
                || macStart <= bodyEnd) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        String keyId = token.substring(bodyEnd + 1, macStart);
        byte[] claimed;
        try {
            claimed = Base64.getUrlDecoder().decode(token.substring(macStart + 1));
        } catch (IllegalArgumentException e) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        // the decoder ignores a last character's unused bits: only the canonical text is the MAC we issued
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(claimed).equals(token.substring(macStart + 1))) {
            throw invalid(operation, "was changed after it was issued");
        }
        Optional<PlanKey> key;
        try {
            key = keyId.matches("[A-Za-z0-9_.-]{1,64}") ? keys.find(organization, keyId) : Optional.empty();
        } catch (RuntimeException e) {
            throw keyFailure(operation, e);
        }
        if (key == null || key.isEmpty()) {
            throw invalid(operation, "was not issued for this organization's listing (unknown or retired key)");
        }
        if (!MessageDigest.isEqual(claimed, mac(key.get(), token.substring(0, macStart)))) {
            throw invalid(operation, "was changed after it was issued");
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length(), bodyEnd)),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        int fields = 7;
        String[] parts = raw.split("\n", fields);
        if (parts.length != fields || !(parts[1].equals("s") || parts[1].equals("-"))) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        if (!parts[0].equals(organization.value())) {
            throw invalid(operation, "belongs to another organization's listing");
        }
        String link = parts[fields - 1];
        // checked even though the MAC verified: a key can leak, and the bearer token must never leave the endpoint
        if (!pointsAtGroups(link, graphBaseUrl)) {
            throw invalid(operation, "does not point at this organization's Microsoft Graph groups listing");
        }
        int pages;
        int pageSize;
        try {
            pages = Integer.parseInt(parts[2]);
            pageSize = Integer.parseInt(parts[3]);
        } catch (NumberFormatException e) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        List<String> recent = parts[4].isEmpty() ? List.of() : List.of(parts[4].split(","));
        if (pages < 1 || pageSize < 0 || pageSize > 999 || recent.size() > RECENT
                || !recent.stream().allMatch(f -> f.matches("[0-9a-f]{16}"))) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        if (!parts[5].matches("[0-9a-z.-]{0,256}")) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        return new PageToken(organization, parts[1].equals("s"), link, pages, pageSize, recent, parts[5]);
    }

    private static byte[] mac(PlanKey key, String signed) {
        try {
            Mac outer = Mac.getInstance("HmacSHA256");
            outer.init(key.secretKey());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(outer.doFinal(PURPOSE), "HmacSHA256"));
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /**
     * Tell whether a link is on the Graph endpoint's {@code /v1.0/groups} collection: same scheme, host and port,
     * no user info, no fragment, no control characters.
     *
     * @param link the link
     * @param graphBaseUrl the Graph v1.0 base URL
     * @return true if acceptable
     */
    static boolean pointsAtGroups(String link, String graphBaseUrl) {
        if (GroupInputs.hasControl(link) || link.indexOf(' ') >= 0 || link.indexOf('\\') >= 0) {
            return false;
        }
        try {
            URI base = new URI(graphBaseUrl);
            URI uri = new URI(link);
            if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                    || uri.getHost() == null) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals(base.getScheme().toLowerCase(Locale.ROOT))
                    || !uri.getHost().equalsIgnoreCase(base.getHost())
                    || port(uri) != port(base)) {
                return false;
            }
            String basePath = base.getRawPath().endsWith("/")
                    ? base.getRawPath().substring(0, base.getRawPath().length() - 1) : base.getRawPath();
            return (basePath + "/groups").equals(uri.getRawPath());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    /**
     * The failure of the host's key source (or the settings store behind the default one).
     *
     * @param operation what is being done
     * @param cause what the key source threw
     * @return the exception
     */
    static MsGraphException keyFailure(String operation, RuntimeException cause) {
        return new MsGraphException(Details.of(
                ErrorKind.STORAGE, operation,
                "the key that authenticates page tokens could not be read (" + cause.getClass().getSimpleName() + ")",
                "Check the host's settings storage or PlanKeys, then list the groups again."), cause);
    }

    private static InvalidInputException invalid(String operation, String problem) {
        return new InvalidInputException(operation, List.of(new FieldProblem(FIELD, problem, REMEDIATION)));
    }

    @Override
    public String toString() {
        return "PageToken[organization=" + organization + ", search=" + search + "]";
    }
}
