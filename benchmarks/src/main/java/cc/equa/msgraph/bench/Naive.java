package cc.equa.msgraph.bench;

import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.kiota.ApiException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The same membership sync done the naive way with the plain Graph SDK: read the group's member ids (paged, 999 per
 * page), then for every team member one user lookup ({@code GET /users?$filter=mail eq … or userPrincipalName eq …})
 * and, if the user is not yet a member, one {@code POST members/$ref}; then one {@code DELETE members/{id}/$ref} per
 * member not in the team. No batching, no binds, sequential. The SDK's own RetryHandler retries 429s (honouring
 * Retry-After, 3 times); a write still throttled after that is waited out and retried here.
 */
final class Naive {

    record Outcome(int lookups, int added, int removed, int unmatched, int failed) {
    }

    private Naive() {
    }

    static Outcome sync(RawSdk sdk, String groupId, List<String> teamEmails) {
        Set<String> members = memberIds(sdk, groupId);
        Set<String> wanted = new HashSet<>();
        int added = 0;
        int unmatched = 0;
        int failed = 0;
        for (String email : teamEmails) {
            String id = lookup(sdk, email);
            if (id == null) {
                unmatched++;
                continue;
            }
            wanted.add(id);
            if (!members.contains(id)) {
                if (write(() -> {
                    ReferenceCreate ref = new ReferenceCreate();
                    ref.setOdataId(sdk.graphBaseUrl() + "/directoryObjects/" + id);
                    sdk.graph().groups().byGroupId(groupId).members().ref().post(ref);
                })) {
                    added++;
                } else {
                    failed++;
                }
            }
        }
        int removed = 0;
        for (String m : members) {
            if (!wanted.contains(m)) {
                if (write(() -> sdk.graph().groups().byGroupId(groupId).members().byDirectoryObjectId(m).ref()
                        .delete())) {
                    removed++;
                } else {
                    failed++;
                }
            }
        }
        return new Outcome(teamEmails.size(), added, removed, unmatched, failed);
    }

    static Set<String> memberIds(RawSdk sdk, String groupId) {
        Set<String> ids = new LinkedHashSet<>();
        DirectoryObjectCollectionResponse page = sdk.graph().groups().byGroupId(groupId).members().get(cfg -> {
            cfg.queryParameters.select = new String[] {"id"};
            cfg.queryParameters.top = 999;
        });
        while (page != null) {
            if (page.getValue() != null) {
                for (DirectoryObject o : page.getValue()) {
                    ids.add(o.getId());
                }
            }
            String next = page.getOdataNextLink();
            if (next == null) {
                break;
            }
            page = sdk.graph().groups().byGroupId(groupId).members().withUrl(next).get();
        }
        return ids;
    }

    static String lookup(RawSdk sdk, String email) {
        String literal = "'" + email.replace("'", "''") + "'";
        UserCollectionResponse r = sdk.graph().users().get(cfg -> {
            cfg.queryParameters.filter = "mail eq " + literal + " or userPrincipalName eq " + literal;
            cfg.queryParameters.select = new String[] {"id"};
        });
        List<User> users = r == null || r.getValue() == null ? List.of() : r.getValue();
        return users.size() == 1 ? users.get(0).getId() : null;
    }

    private static boolean write(Runnable request) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                request.run();
                return true;
            } catch (ApiException e) {
                if (e.getResponseStatusCode() != 429) {
                    return false;
                }
                sleepRetryAfter(e);
            }
        }
        return false;
    }

    private static void sleepRetryAfter(ApiException e) {
        long seconds = 1;
        Set<String> values = e.getResponseHeaders().get("Retry-After");
        if (values != null && !values.isEmpty()) {
            try {
                seconds = Math.max(1, Long.parseLong(values.iterator().next().trim()));
            } catch (NumberFormatException ignored) {
                seconds = 1;
            }
        }
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ie);
        }
    }
}
