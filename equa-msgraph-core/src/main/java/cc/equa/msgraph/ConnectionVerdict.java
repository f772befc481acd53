package cc.equa.msgraph;

/**
 * The one-word outcome of a connection test, as the admin acts on it.
 *
 * @since 0.2.0
 */
public enum ConnectionVerdict {
    /**
     * Everything the integration offers works: a token was issued, Microsoft Graph answered, and every
     * {@link Capability} is allowed (or, where it cannot be probed without changing the tenant, the token's roles say
     * so), with users' aliases and account state visible.
     */
    PASSED,
    /**
     * Connected: groups can be listed and read, and users matched by e-mail, so {@code connect} saves the
     * credentials; but some things will not work. {@link ConnectionReport#limits()} lists each, with the permission
     * that lifts it.
     */
    PASSED_WITH_LIMITS,
    /**
     * Not usable: no token, Graph not reached, or groups, members or users cannot be read (or that could not be
     * decided). {@code connect} does not save the credentials unless {@link ConnectOption#SAVE_IF_TEST_FAILS} is
     * given.
     */
    FAILED;

    /**
     * Return the verdict as the admin reads it: {@code PASSED}, {@code PASSED WITH LIMITS} or {@code FAILED}.
     *
     * @return the text
     * @since 0.2.0
     */
    public String label() {
        return name().replace('_', ' ');
    }
}
