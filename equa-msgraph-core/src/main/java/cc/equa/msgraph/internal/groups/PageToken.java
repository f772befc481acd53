package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.spi.OrganizationId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The opaque page token handed to callers instead of Graph's raw {@code @odata.nextLink}: it records the
 * organization, whether the listing is a {@code $search} (whose later pages need {@code ConsistencyLevel} again),
 * and the link. A token handed back is accepted only for the same organization and only if the link points at the
 * configured Graph endpoint's {@code /v1.0/groups} collection, so a tampered token cannot send the app's bearer
 * token anywhere else or read anything but groups.
 *
 * @param organization the organization the listing belongs to
 * @param search whether the listing uses {@code $search}
 * @param nextLink Graph's next link, verbatim
 */
public record PageToken(OrganizationId organization, boolean search, String nextLink) {

    private static final String PREFIX = "g1.";
    private static final int MAX_LENGTH = 16 * 1024;
    private static final String FIELD = "pageToken";
    private static final String REMEDIATION = "Pass back the nextPageToken of the previous page unchanged, or start"
            + " the listing again.";

    /**
     * Encode the token.
     *
     * @return the opaque text
     */
    public String encode() {
        String raw = organization.value() + "\n" + (search ? "s" : "-") + "\n" + nextLink;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decode and check a token handed back by a caller.
     *
     * @param operation what is being done, for the exception
     * @param token the token
     * @param organization the organization it must belong to
     * @param graphBaseUrl the configured Graph v1.0 base URL, such as {@code https://graph.microsoft.com/v1.0}
     * @return the token
     * @throws InvalidInputException if it is malformed, belongs to another organization or points elsewhere
     */
    public static PageToken decode(String operation, String token, OrganizationId organization, String graphBaseUrl) {
        if (token.isBlank() || token.length() > MAX_LENGTH || !token.startsWith(PREFIX)) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        String[] parts = raw.split("\n", 3);
        if (parts.length != 3 || !(parts[1].equals("s") || parts[1].equals("-"))) {
            throw invalid(operation, "is not a page token issued by this library");
        }
        if (!parts[0].equals(organization.value())) {
            throw invalid(operation, "belongs to another organization's listing");
        }
        String link = parts[2];
        if (!pointsAtGroups(link, graphBaseUrl)) {
            throw invalid(operation, "does not point at this organization's Microsoft Graph groups listing");
        }
        return new PageToken(organization, parts[1].equals("s"), link);
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

    private static InvalidInputException invalid(String operation, String problem) {
        return new InvalidInputException(operation, List.of(new FieldProblem(FIELD, problem, REMEDIATION)));
    }

    @Override
    public String toString() {
        return "PageToken[organization=" + organization + ", search=" + search + "]";
    }
}
