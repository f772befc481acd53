package cc.equa.msgraph;

import java.net.URI;
import java.util.Objects;

/**
 * A Microsoft cloud: its token authority, its Microsoft Graph root and the matching {@code .default} scope, which are
 * always set together (a token for one cloud is useless against another's Graph).
 *
 * <p>Use {@link #GLOBAL} unless the organization's tenant lives in a national cloud. {@link #custom} points the
 * library at any other deployment, such as the testkit's fake tenant.
 *
 * @param name a short name for logs and diagnostics
 * @param authorityHost the Entra token authority, such as {@code https://login.microsoftonline.com/}
 * @param graphEndpoint the Graph root without a version, such as {@code https://graph.microsoft.com}
 * @param scope the client-credentials scope, such as {@code https://graph.microsoft.com/.default}
 * @since 0.1.0
 */
public record MicrosoftCloud(String name, URI authorityHost, URI graphEndpoint, String scope) {

    /**
     * The global Azure cloud.
     *
     * @since 0.1.0
     */
    public static final MicrosoftCloud GLOBAL = new MicrosoftCloud("global",
            URI.create("https://login.microsoftonline.com/"), URI.create("https://graph.microsoft.com"),
            "https://graph.microsoft.com/.default");

    /**
     * Azure US Government, Graph L4 (GCC High).
     *
     * @since 0.1.0
     */
    public static final MicrosoftCloud US_GOVERNMENT = new MicrosoftCloud("us-government",
            URI.create("https://login.microsoftonline.us/"), URI.create("https://graph.microsoft.us"),
            "https://graph.microsoft.us/.default");

    /**
     * Azure US Government, Graph L5 (DoD).
     *
     * @since 0.1.0
     */
    public static final MicrosoftCloud US_GOVERNMENT_DOD = new MicrosoftCloud("us-government-dod",
            URI.create("https://login.microsoftonline.us/"), URI.create("https://dod-graph.microsoft.us"),
            "https://dod-graph.microsoft.us/.default");

    /**
     * Microsoft Azure operated by 21Vianet (China).
     *
     * @since 0.1.0
     */
    public static final MicrosoftCloud CHINA = new MicrosoftCloud("china",
            URI.create("https://login.chinacloudapi.cn/"), URI.create("https://microsoftgraph.chinacloudapi.cn"),
            "https://microsoftgraph.chinacloudapi.cn/.default");

    /**
     * Check the values: both URIs absolute and {@code https}, the scope ending in {@code /.default}.
     *
     * @param name a short name for logs and diagnostics
     * @param authorityHost the Entra token authority, such as {@code https://login.microsoftonline.com/}
     * @param graphEndpoint the Graph root without a version, such as {@code https://graph.microsoft.com}
     * @param scope the client-credentials scope, such as {@code https://graph.microsoft.com/.default}
     * @throws IllegalArgumentException if a value is not acceptable
     */
    public MicrosoftCloud {
        Objects.requireNonNull(name, "'name' must not be null");
        Objects.requireNonNull(authorityHost, "'authorityHost' must not be null");
        Objects.requireNonNull(graphEndpoint, "'graphEndpoint' must not be null");
        Objects.requireNonNull(scope, "'scope' must not be null");
        if (!"https".equalsIgnoreCase(authorityHost.getScheme()) || authorityHost.getHost() == null) {
            throw new IllegalArgumentException("'authorityHost' must be an absolute https URI, got " + authorityHost);
        }
        if (!"https".equalsIgnoreCase(graphEndpoint.getScheme()) || graphEndpoint.getHost() == null) {
            throw new IllegalArgumentException("'graphEndpoint' must be an absolute https URI, got " + graphEndpoint);
        }
        if (!scope.endsWith("/.default")) {
            throw new IllegalArgumentException("'scope' must end with /.default, got " + scope);
        }
        String auth = authorityHost.toString();
        if (!auth.endsWith("/")) {
            authorityHost = URI.create(auth + "/");
        }
        String graph = graphEndpoint.toString();
        if (graph.endsWith("/")) {
            graphEndpoint = URI.create(graph.substring(0, graph.length() - 1));
        }
    }

    /**
     * Describe a deployment other than Microsoft's clouds, such as a fake tenant. The scope is that of the global
     * cloud, as clients of such deployments usually ask for it.
     *
     * @param name a short name
     * @param authorityHost the token authority
     * @param graphEndpoint the Graph root without a version
     * @return the cloud
     * @since 0.1.0
     */
    public static MicrosoftCloud custom(String name, URI authorityHost, URI graphEndpoint) {
        return new MicrosoftCloud(name, authorityHost, graphEndpoint, GLOBAL.scope());
    }

    /**
     * Return the Graph v1.0 base URL, such as {@code https://graph.microsoft.com/v1.0}.
     *
     * @return the base URL
     * @since 0.1.0
     */
    public String graphBaseUrl() {
        return graphEndpoint + "/v1.0";
    }
}
