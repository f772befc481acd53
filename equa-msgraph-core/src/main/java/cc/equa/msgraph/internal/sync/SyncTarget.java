package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.Locale;

/**
 * What one plan or apply works on: the organization's linked group, its credentials and the way to Graph for them.
 * Made afresh per operation from the stored settings, so a credential or link change is seen at once.
 *
 * @param groupId the linked group
 * @param credentials the organization's credentials
 * @param port the way to Graph
 */
record SyncTarget(String groupId, AppCredentials credentials, GraphPort port) {

    /**
     * Return the target of an operation, checking before any network call that the organization is connected,
     * enabled and linked.
     *
     * @throws IntegrationUnavailableException if it is not
     */
    static SyncTarget of(IntegrationRuntime runtime, OrganizationId organization, String operation) {
        IntegrationSettings settings = runtime.requireConnected(organization, operation);
        String groupId = settings.linkedGroupId();
        if (groupId == null || groupId.isBlank()) {
            throw new IntegrationUnavailableException(Details.of(ErrorKind.NO_LINKED_GROUP, operation,
                    "organization " + organization + " has no linked Microsoft 365 group",
                    "Link an existing group or create one first."));
        }
        AppCredentials credentials = settings.credentials();
        GraphSession session = runtime.session(organization, credentials);
        return new SyncTarget(groupId, credentials, new SdkGraphPort(runtime, session, operation));
    }

    /** Return the key of the write quota (and the group cache) this app shares: its tenant and client id. */
    String appKey() {
        return appKey(credentials);
    }

    /**
     * Return the key of the write quota an app shares: its tenant and client id.
     *
     * @param credentials the credentials
     * @return the key
     */
    static String appKey(AppCredentials credentials) {
        String client = credentials.clientId();
        return credentials.tenantId().toLowerCase(Locale.ROOT) + "|"
                + (client == null ? "system-assigned" : client).toLowerCase(Locale.ROOT);
    }
}
