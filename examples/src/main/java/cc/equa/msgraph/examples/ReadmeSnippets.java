package cc.equa.msgraph.examples;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.AuthenticationException;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.GroupMember;
import cc.equa.msgraph.GroupPage;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.GroupVisibility;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.RemovalGuard;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.ThrottledException;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.EncryptingSettingsStore;
import cc.equa.msgraph.spi.EnvironmentDefaultsSettingsStore;
import cc.equa.msgraph.spi.InvitationStatus;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import cc.equa.msgraph.spi.SettingsStore;
import cc.equa.msgraph.spi.TeamDirectory;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The code shown in the README, kept here so that it compiles (a test checks that every Java block of the README
 * appears in this file or in the testkit example test, region by region). Not meant to be run as is.
 */
@SuppressWarnings("unused")
final class ReadmeSnippets {

    private ReadmeSnippets() {
    }

    static MicrosoftIntegration build(SettingsStore databaseStore, TeamDirectory equaTeam, byte[] keyFromYourVault) {
        // tag::build[]
        SettingsStore store = EnvironmentDefaultsSettingsStore.fromSystemEnvironment( // MS_AUTH_* platform defaults
                EncryptingSettingsStore.builder()
                        .delegate(databaseStore)                       // your SettingsStore implementation
                        .currentKey("2026-11", keyFromYourVault)       // AES-256 key; secrets are sealed at rest
                        .build());

        MicrosoftIntegration microsoft = MicrosoftIntegration.builder()
                .settings(store)
                .team(equaTeam)                                        // your TeamDirectory implementation
                .cloud(MicrosoftCloud.GLOBAL)                          // or US_GOVERNMENT, US_GOVERNMENT_DOD, CHINA
                .build();                                              // no network I/O yet
        // end::build[]
        return microsoft;
    }

    static void connect(MicrosoftIntegration microsoft, String tenantId, String clientId, String clientSecret,
            Consumer<String> showToAdmin) {
        // tag::connect[]
        OrganizationIntegration acme = microsoft.organization("acme");
        ClientSecretCredentials credentials = ClientSecretCredentials.of(tenantId, clientId, clientSecret);
        try {
            ConnectionReport test = acme.testConnection(credentials);   // "Test Connection": nothing is stored
            showToAdmin.accept(test.render());
            ConnectionReport saved = acme.connect(credentials);         // "Save": stored unless the verdict is FAILED
            saved.limits().forEach(limit -> showToAdmin.accept(limit.summary())); // what will not work, what to grant
            if (!saved.saved()) {
                showToAdmin.accept(String.join("\n", saved.messages())); // FAILED: what is wrong, what to do
            }
        } catch (InvalidInputException e) {                              // before any network call
            e.problems().forEach(p -> showToAdmin.accept(p.field() + ": " + p.problem() + " " + p.remediation()));
        }
        // end::connect[]
    }

    static void groups(OrganizationIntegration acme, Consumer<String> show) {
        // tag::groups[]
        GroupPage page = acme.groups(GroupQuery.search("board").pageSize(25));   // or GroupQuery.all(), nameStartsWith
        for (GroupInfo group : page.groups()) {
            show.accept(group.displayName() + (group.linkable() ? "" : " (cannot be linked)"));
        }
        page.nextPageTokenIfAny().ifPresent(token -> {                            // empty on the last page
            GroupPage next = acme.groups(GroupQuery.page(token));                 // opaque token a UI can hand back;
                                                                                  // keeps the listing's page size
        });
        LinkedGroup linked = acme.linkGroup(page.groups().get(0).id());           // stores the group id
        // end::groups[]
    }

    static void create(OrganizationIntegration acme) {
        // tag::create[]
        LinkedGroup created = acme.createGroup(NewGroup.named("Acme Cap Table")
                .description("Everyone on Acme's Equa team")
                .visibility(GroupVisibility.PRIVATE)
                .owners("it.admin@acme.example"));          // always an owner; the app itself if none is named
        // end::create[]
    }

    static void members(OrganizationIntegration acme, Consumer<String> show) {
        // tag::members[]
        acme.forEachMember(m -> show.accept(m.displayNameIfAny().orElse(m.id())   // maybe-absent values are Optional
                + " <" + m.mailIfAny().orElse(m.type().name()) + ">"
                + (m.owner() ? " (owner)" : "")));              // all pages, one page in memory at a time
        List<GroupMember> all = acme.members();             // or all at once
        // end::members[]
    }

    static void sync(OrganizationIntegration acme, Consumer<String> show, Consumer<Integer> progressBar) {
        // tag::sync[]
        SyncPlan plan = acme.planSync(SyncOptions.builder()
                .mode(SyncMode.MIRROR)                                   // or ADDITIVE: never removes anyone
                .invitationStatuses(Set.of(InvitationStatus.JOINED, InvitationStatus.REGISTERED))
                .removalGuard(RemovalGuard.defaults())                   // at most max(10, 10 %) removals
                .build());
        show.accept(plan.render());                                      // the review screen
        String reviewed = plan.toJson();                                 // keep it until the admin confirms

        SyncResult result = acme.applySync(SyncPlan.fromJson(reviewed), ApplyOptions.builder()
                .actor("admin@acme.example")                             // recorded in every audit event
                .progress((change, done, total) -> progressBar.accept(100 * done / total))
                .build());
        show.accept(result.render());                    // per-change outcome with Graph request-ids
        // end::sync[]
    }

    static void direct(OrganizationIntegration acme, Consumer<String> show) {
        // tag::direct[]
        SyncPlan add = acme.planAddMembers(List.of("dana.lee@acme.example"));
        add.skipped().forEach(s -> show.accept(s.requestedIfAny().orElseThrow() + ": " + s.reason()));  // as requested
        acme.applySync(add);
        SyncPlan byMail = acme.planAddMembers(List.of("eve@acme.example"),          // options: the match rules apply
                SyncOptions.builder().matchRules(MatchRules.of(MatchRules.Attribute.MAIL)).build());
        SyncPlan remove = acme.planRemoveMembers(List.of("dana.lee@acme.example"));   // owners and the app protected
        acme.applySync(remove);
        // end::direct[]
    }

    static void lifecycle(OrganizationIntegration acme) {
        // tag::lifecycle[]
        acme.disable();                 // every operation now fails fast, nothing is sent
        acme.enable();
        acme.unlinkGroup();             // forget the group id (local: works disconnected); the group is untouched
        acme.disconnect();              // forget the credentials and any cached token
        // end::lifecycle[]
    }

    static void errors(OrganizationIntegration acme, Consumer<String> show) {
        // tag::errors[]
        try {
            acme.applySync(acme.planSync());
        } catch (IntegrationUnavailableException e) {   // not connected, disabled, or no linked group
            show.accept(e.getMessage());
        } catch (AuthenticationException e) {           // credentials refused: ask the admin for new ones
            show.accept(e.failure() + ": " + e.remediation());
        } catch (PermissionDeniedException e) {         // nothing changed: grant one of e.permissions()
            show.accept(e.getMessage());
        } catch (NotFoundException e) {                 // the linked group was deleted: relink or create
            show.accept(e.remediation());
        } catch (ThrottledException e) {                // nothing lost: try again after e.retryAfter()
            show.accept(e.getMessage());
        } catch (MsGraphException e) {                  // everything else: e.kind(), e.requestId(), e.remediation();
                                                        // SERVICE: an outage, nothing lost, retry after e.retryAfter()
            show.accept(e.getMessage());
        }
        // end::errors[]
    }

    static MatchRules matching() {
        // tag::matching[]
        MatchRules rules = MatchRules.of(MatchRules.Attribute.MAIL, MatchRules.Attribute.USER_PRINCIPAL_NAME);
        // end::matching[]
        return rules;
    }

    static MicrosoftIntegration planKeys(SettingsStore store, TeamDirectory equaTeam, byte[] newKeyFromVault,
            byte[] oldKeyFromVault) {
        // tag::plan-keys[]
        MicrosoftIntegration microsoft = MicrosoftIntegration.builder()
                .settings(store)
                .team(equaTeam)
                .planKeys(PlanKeys.of(
                        PlanKey.of("2026-12", newKeyFromVault),        // 32+ random bytes: signs new plans
                        PlanKey.of("2026-11", oldKeyFromVault)))       // still verifies plans made before; drop later
                .build();
        // end::plan-keys[]
        return microsoft;
    }
}
