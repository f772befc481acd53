package cc.equa.msgraph.it.attack16b;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With {@code PlanKeys.of(..)} every organization shares one key, so the MAC alone does not bind a token to its
 * organization: only the organization written into the token does. Look-alike ids must not share tokens.
 */
class SharedKeysOrgBindingTest extends TokenHarness {

    @Test
    void aTokenOfOneOrganizationIsRefusedByLookAlikeOrganizationsUnderSharedKeys() {
        byte[] material = new byte[32];
        Arrays.fill(material, (byte) 3);
        MicrosoftIntegration node = node(store, PlanKeys.of(PlanKey.of("shared", material)));
        OrganizationIntegration acme = node.organization(OrganizationId.of("acme"));
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        assertEquals(2, acme.groups(GroupQuery.page(token)).groups().size());
        List<String> bad = new ArrayList<>();
        for (String id : List.of("ACME", "Acme", "acme ", " acme", "acme.", "acm", "acmee", "ａｃｍｅ", "acme\u00a0",
                "a\u0063me\u0301", "beta", "acme\\", "acme/..")) {
            OrganizationIntegration other = node.organization(OrganizationId.of(id));
            connect(other);
            bad.addAll(notRefused(other, List.of(token), "org '" + id + "'"));
        }
        assertEquals(List.of(), bad);
    }
}
