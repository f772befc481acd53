package cc.equa.msgraph.testkit.internal;

import java.util.Set;

/** The identity behind a valid bearer token. */
record Caller(String tenantId, String appId, Set<String> roles) {

    public boolean hasAny(Set<String> wanted) {
        for (String r : wanted) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }
}
