package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeDirectory;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.Hostility;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Seeds a fake from the standalone JSON format (see the testkit README). */
public final class SeedLoader {
    private SeedLoader() {
    }

    /**
     * Apps first, then users, then groups, whose members and owners may be named by user principal name or mail
     * (resolved against the users just added) or by object id.
     */
    public static List<FakeApp> seed(FakeGraphTenant fake, String json) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        List<FakeApp> apps = new ArrayList<>();
        for (JsonElement e : arr(root, "apps")) {
            apps.add(fake.registerApp(app(e.getAsJsonObject())));
        }
        FakeDirectory dir = fake.directory();
        Map<String, String> ids = new HashMap<>();
        for (JsonElement e : arr(root, "users")) {
            FakeUser added = dir.addUser(user(e.getAsJsonObject()));
            ids.put(added.userPrincipalName().toLowerCase(Locale.ROOT), added.id());
            added.mail().ifPresent(m -> ids.put(m.toLowerCase(Locale.ROOT), added.id()));
        }
        for (JsonElement e : arr(root, "groups")) {
            JsonObject g = e.getAsJsonObject();
            FakeGroup added = dir.addGroup(group(g));
            if (g.has("allowGuests")) {
                dir.guestsAllowed(added.id(), g.get("allowGuests").getAsBoolean());
            }
            for (JsonElement m : arr(g, "members")) {
                dir.addMembers(added.id(), ids.getOrDefault(m.getAsString().toLowerCase(Locale.ROOT),
                        m.getAsString()));
            }
            for (JsonElement m : arr(g, "owners")) {
                dir.addOwners(added.id(), ids.getOrDefault(m.getAsString().toLowerCase(Locale.ROOT),
                        m.getAsString()));
            }
        }
        return apps;
    }

    /**
     * The hostility a seed asks for: {@code "profile": "realistic"} (with an optional {@code "seed"}) or
     * {@code "profile": "default"} / absent.
     *
     * @throws IllegalArgumentException for an unknown profile
     */
    public static Hostility hostility(JsonObject root) {
        String profile = str(root, "profile");
        if (profile == null || profile.equalsIgnoreCase("default")) {
            return Hostility.DEFAULT;
        }
        if (!profile.equalsIgnoreCase("realistic")) {
            throw new IllegalArgumentException("Unknown \"profile\" in the seed: '" + profile
                    + "'; use \"default\" or \"realistic\"");
        }
        return Hostility.realistic(root.has("seed") ? root.get("seed").getAsLong() : 1);
    }

    private static AppRegistration app(JsonObject a) {
        AppRegistration.Builder b = AppRegistration.builder();
        String clientId = str(a, "clientId");
        if (clientId != null) {
            b.clientId(clientId);
        }
        String secret = str(a, "secret");
        String expires = str(a, "secretExpires");
        if (secret != null) {
            if (expires != null) {
                b.secret(secret, Instant.parse(expires));
            } else {
                b.secret(secret);
            }
        }
        for (JsonElement r : arr(a, "roles")) {
            b.roles(r.getAsString());
        }
        if (a.has("adminConsent")) {
            b.adminConsent(a.get("adminConsent").getAsBoolean());
        }
        return b.build();
    }

    private static FakeUser user(JsonObject u) {
        FakeUser.Builder b = FakeUser.builder();
        String v;
        if ((v = str(u, "id")) != null) {
            b.id(v);
        }
        if ((v = str(u, "displayName")) != null) {
            b.displayName(v);
        }
        if ((v = str(u, "mail")) != null) {
            b.mail(v);
        }
        if ((v = str(u, "userPrincipalName")) != null) {
            b.userPrincipalName(v);
        }
        for (JsonElement m : arr(u, "otherMails")) {
            b.otherMails(m.getAsString());
        }
        if (u.has("guest") && u.get("guest").getAsBoolean()) {
            b.guest();
        }
        return b.build();
    }

    private static FakeGroup group(JsonObject g) {
        FakeGroup.Builder b = FakeGroup.builder(str(g, "displayName") == null ? "Group" : str(g, "displayName"));
        String v;
        if ((v = str(g, "id")) != null) {
            b.id(v);
        }
        if ((v = str(g, "mailNickname")) != null) {
            b.mailNickname(v);
        }
        if ((v = str(g, "description")) != null) {
            b.description(v);
        }
        if (g.has("security") && g.get("security").getAsBoolean()) {
            b.security();
        }
        return b.build();
    }

    private static JsonArray arr(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }

    private static @Nullable String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
