package cc.equa.msgraph.spi;

import java.util.Objects;

/**
 * The identifier of an Equa organization: the unit that owns one set of Entra application credentials and links
 * one Microsoft 365 group.
 *
 * @param value the host's identifier of the organization; not blank, at most 256 characters, no control characters
 * @since 0.1.0
 */
public record OrganizationId(String value) {

    /**
     * Check the value.
     *
     * @param value the host's identifier of the organization; not blank, at most 256 characters, no control characters
     * @throws IllegalArgumentException if the value is blank, longer than 256 characters or holds control characters
     */
    public OrganizationId {
        Objects.requireNonNull(value, "'value' must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("Organization id must not be blank.");
        }
        if (value.length() > 256) {
            throw new IllegalArgumentException("Organization id must be at most 256 characters long.");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("Organization id must not contain control characters.");
            }
        }
    }

    /**
     * Create an organization id.
     *
     * @param value the host's identifier of the organization
     * @return the id
     * @throws IllegalArgumentException if the value is blank, too long or holds control characters
     * @since 0.1.0
     */
    public static OrganizationId of(String value) {
        return new OrganizationId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
