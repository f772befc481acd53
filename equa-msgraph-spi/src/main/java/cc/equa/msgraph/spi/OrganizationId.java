package cc.equa.msgraph.spi;

import java.util.Objects;

/**
 * The identifier of an Equa organization: the unit that owns one set of Entra application credentials and links
 * one Microsoft 365 group.
 *
 * @param value the host's identifier of the organization; not blank, at most 256 characters, no control
 *     characters, line or paragraph separators (U+2028, U+2029) or format characters (category Cf: bidi
 *     controls, zero-width characters; refused since 0.2.0)
 * @since 0.1.0
 */
public record OrganizationId(String value) {

    /**
     * Check the value.
     *
     * @param value the host's identifier of the organization; not blank, at most 256 characters, no control
     *     characters, line or paragraph separators or format characters
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
            char ch = value.charAt(i);
            int type = Character.getType(ch);
            // A line or paragraph separator would split a log line; a bidi or other format character would make the
            // id read as another one in a render.
            if (Character.isISOControl(ch) || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT) {
                throw new IllegalArgumentException("Organization id must not contain control, line-separator or"
                        + " invisible format characters (such as bidi controls).");
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
