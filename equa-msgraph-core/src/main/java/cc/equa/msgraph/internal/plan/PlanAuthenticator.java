package cc.equa.msgraph.internal.plan;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import java.util.List;
import java.util.Optional;

/**
 * Sign the plans the library hands out and check every plan that comes back before it is applied. A plan is
 * authentic when it names a key the host's {@link PlanKeys} still has for the plan's organization and its HMAC over
 * the whole content verifies under that key; anything else (an edit, a dropped or unknown key, a plan of another
 * organization, an unkeyed 0.1.0 plan) is an {@link InvalidInputException} telling the caller to plan again. No
 * network request is made either way.
 */
public final class PlanAuthenticator {

    private static final String PLAN_AGAIN = "Plan again and review the new plan; a plan cannot be edited after it"
            + " was made.";

    private final PlanKeys keys;

    /**
     * Create the authenticator.
     *
     * @param keys where the keys come from
     */
    public PlanAuthenticator(PlanKeys keys) {
        this.keys = keys;
    }

    /**
     * Return the plan signed with the organization's current key.
     *
     * @param organization the organization the plan was made for
     * @param plan a plan the library just made
     * @param operation what is being done, for errors
     * @return the same plan, sealed
     * @throws MsGraphException with {@link ErrorKind#STORAGE} if the key source fails
     */
    public SyncPlan seal(OrganizationId organization, SyncPlan plan, String operation) {
        PlanKey key;
        try {
            key = keys.current(organization);
        } catch (RuntimeException e) {
            throw keyFailure(operation, e);
        }
        if (key == null) {
            throw keyFailure(operation, null);
        }
        PlanContent content = PlanAccess.content(plan);
        return PlanAccess.create(content, PlanCodec.seal(content, key.id(), key.secretKey()));
    }

    /**
     * Check a plan before it is applied through an organization.
     *
     * @param organization the organization applying it
     * @param plan the plan
     * @throws InvalidInputException if the plan is not an authentic plan of this organization
     * @throws MsGraphException with {@link ErrorKind#STORAGE} if the key source fails
     */
    public void verify(OrganizationId organization, SyncPlan plan) {
        PlanContent content = PlanAccess.content(plan);
        // the plan id is untrusted until the plan verifies: shown escaped and cut
        String operation = "Apply sync plan " + shown(content.planId()) + " for organization " + organization;
        if (!organization.value().equals(content.organization())) {
            throw refused(operation, "organization", "is " + shown(content.organization()) + ", not " + organization
                    + ": the plan was made for another organization",
                    "Plan again for " + organization + " and review the new plan; a plan applies only through the"
                            + " organization it was made for.");
        }
        PlanSeal seal = PlanAccess.seal(plan);
        if (seal == null) {
            throw refused(operation, "mac", "is missing: the plan is not authenticated (written by equa-msgraph 0.1.0,"
                    + " or its authentication was removed)", PLAN_AGAIN);
        }
        Optional<PlanKey> key;
        try {
            key = keys.find(organization, seal.keyId());
        } catch (RuntimeException e) {
            throw keyFailure(operation, e);
        }
        if (key == null || key.isEmpty()) {
            throw refused(operation, "keyId", "names key '" + seal.keyId() + "', which is not (or no longer) a plan"
                    + " key of organization " + organization + " (retired, or another installation's)", PLAN_AGAIN);
        }
        if (!PlanCodec.verifies(content, seal, key.get().secretKey())) {
            throw refused(operation, "mac", "does not match the plan's content: the plan was changed after it was"
                    + " made", PLAN_AGAIN);
        }
    }

    /** An untrusted value as an error message may show it: printable, and short. */
    private static String shown(String untrusted) {
        StringBuilder sb = new StringBuilder("'");
        untrusted.codePoints().limit(64).forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append(untrusted.codePointCount(0, untrusted.length()) > 64 ? "…'" : "'").toString();
    }

    private static InvalidInputException refused(String operation, String field, String problem,
            String remediation) {
        return new InvalidInputException(operation, List.of(new InvalidInputException.FieldProblem(field, problem,
                remediation)));
    }

    private static MsGraphException keyFailure(String operation, RuntimeException cause) {
        if (cause instanceof MsGraphException m) {
            return m;
        }
        return new MsGraphException(Details.of(ErrorKind.STORAGE, operation,
                "the plan key source failed" + (cause == null ? " (it returned no key)"
                        : " (" + cause.getClass().getSimpleName() + ")"),
                "Check the host's settings storage or PlanKeys; nothing was changed in Microsoft 365."), cause);
    }
}
