package cc.equa.msgraph.testkit;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A tenant of the fake: its id (a GUID) and its initial domain.
 *
 * @param tenantId the tenant id, a lower-case GUID
 * @param domain the initial domain, such as {@code contoso.onmicrosoft.com}
 * @since 0.1.0
 */
public record FakeTenantInfo(String tenantId, String domain) {

    /**
     * Check the values.
     *
     * @param tenantId the tenant id, a lower-case GUID
     * @param domain the initial domain, such as {@code contoso.onmicrosoft.com}
     * @throws IllegalArgumentException if the id is not a GUID or the domain is blank
     */
    public FakeTenantInfo {
        Objects.requireNonNull(tenantId, "'tenantId' must not be null");
        Objects.requireNonNull(domain, "'domain' must not be null");
        tenantId = UUID.fromString(tenantId).toString();
        if (domain.isBlank() || !domain.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("'domain' must be a DNS name, got " + domain);
        }
        domain = domain.toLowerCase(Locale.ROOT);
    }

    /**
     * Create a tenant with a random id.
     *
     * @param domain the initial domain
     * @return the tenant description
     * @since 0.1.0
     */
    public static FakeTenantInfo withDomain(String domain) {
        return new FakeTenantInfo(UUID.randomUUID().toString(), domain);
    }
}
